using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Tests.Overlay;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>A copy out of another state reads its layers where they are unpacked, and gives the same bytes however it reads them.</summary>
public sealed class CopyFromStateTests
{
    [Fact]
    public async Task A_copy_out_of_a_layered_state_gives_the_same_layer_through_an_overlay_as_through_a_merged_snapshot_and_merges_nothing()
    {
        OverlayHarness.RequireOverlay();
        using var overlaid = new OpsHarness();
        using var copied = new OpsHarness { Exec = new ExecEngineOptions { Rootfs = new RootfsMountOptions { Mode = RootfsMode.Copy } } };

        var overlayResult = await overlaid.SolveAsync(Graph());
        var copyResult = await copied.SolveAsync(Graph());

        Assert.Equal(copyResult.Result.Layers[^1].Digest, overlayResult.Result.Layers[^1].Digest);
        var files = (await overlaid.ReadLayerAsync(overlayResult.Result.Layers[^1])).Select(i => i.ToString());
        Assert.Equal(["d copied 755 0:0", "f copied/b 600 33:44 [1]", "l copied/link 777 0:0 -> b", "d copied/sub 700 0:0", "f copied/sub/c 644 0:0 [1]"], files);

        // The source's layers were unpacked once each for the mount; no merged tree of its chain was made.
        Assert.Equal(["overlay"], Directory.EnumerateDirectories(Path.Combine(overlaid.Store.Root, "snapshots")).Select(Path.GetFileName).Where(n => n is not ("layers" or "tmp")));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(overlaid.Store.Root, "snapshots", "overlay", "mounts")));
    }

    [Fact]
    public async Task File_ops_over_layers_unpacked_as_lower_dirs_decide_as_over_the_layers_tars()
    {
        OverlayHarness.RequireOverlay();
        using var unpacked = new OpsHarness();
        using var tars = new OpsHarness { Exec = new ExecEngineOptions { Rootfs = new RootfsMountOptions { Mode = RootfsMode.Copy } } };
        var baseState = Base();
        await unpacked.SolveAsync(State.Scratch().CopyStep(baseState, "/etc/passwd", "/")); // Unpacks the base's layers as lower dirs.
        var layers = (await unpacked.SolveAsync(baseState)).Result.Layers;
        Assert.All(layers, l => Assert.True(Directory.Exists(Path.Combine(unpacked.Store.Root, "snapshots", "overlay", l.DiffId.Hex)), $"{l.DiffId} is not unpacked"));

        // Owners by name from /etc/passwd, a path through a symlink, a wildcard rm over a deleted file, an existing directory.
        var edited = baseState.File(FileActions.Mkfile("/lib/new", Convert.ToInt32("644", 8), "n", new MkfileOptions { Owner = FileOwner.Parse("app:app") })
            .Rm("/etc/*", new RmOptions { AllowWildcard = true })
            .Mkdir("/data", Convert.ToInt32("755", 8))
            .Mkfile("/opt/x/y", Convert.ToInt32("644", 8), "y"));
        var fromDirs = await unpacked.SolveAsync(edited);
        var fromTars = await tars.SolveAsync(edited);

        Assert.Equal(fromTars.Result.Layers[^1].Digest, fromDirs.Result.Layers[^1].Digest);
        var written = (await unpacked.ReadLayerAsync(fromDirs.Result.Layers[^1])).Select(i => i.ToString()).ToList();
        Assert.Equal(["f etc/.wh.b 644 0:0 [0]", "f etc/.wh.group 644 0:0 [0]", "f etc/.wh.passwd 644 0:0 [0]"], written.Where(i => i.Contains(".wh.", StringComparison.Ordinal)));
        Assert.Contains("d opt/x 700 0:0", written);
        Assert.Contains(written, i => i.StartsWith("f ", StringComparison.Ordinal) && i.EndsWith("/new 644 1234:4321 [1]", StringComparison.Ordinal));
        Assert.DoesNotContain(written, i => i.StartsWith("d data", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(tars.Store.Root, "snapshots")), d => Path.GetFileName(d).Length == 64);
    }

    // Three layers: users and groups, a symlinked lib, a 0700 directory; a deleted file; an owned directory.
    private static State Base() => State.Scratch()
        .File(FileActions.Mkdir("/etc", Convert.ToInt32("755", 8))
            .Mkfile("/etc/passwd", Convert.ToInt32("644", 8), "root:x:0:0::/root:/bin/sh\napp:x:1234:1234::/:/bin/sh\n")
            .Mkfile("/etc/group", Convert.ToInt32("644", 8), "root:x:0:\napp:x:4321:\n")
            .Mkfile("/etc/a", Convert.ToInt32("644", 8), "a")
            .Mkdir("/usr/lib", Convert.ToInt32("750", 8), new MkdirOptions { MakeParents = true })
            .Symlink("usr/lib", "/lib")
            .Mkdir("/opt/x", Convert.ToInt32("700", 8), new MkdirOptions { MakeParents = true }))
        .File(FileActions.Rm("/etc/a").Mkfile("/etc/b", Convert.ToInt32("600", 8), "b"))
        .File(FileActions.Mkdir("/data", Convert.ToInt32("711", 8), new MkdirOptions { Owner = FileOwner.FromIds(5, 5) }));

    // Four layers: the last deletes a file of the first, and one is a directory the copy's source sits in.
    private static State Graph()
    {
        var source = State.Scratch()
            .File(FileActions.Mkdir("/out", Convert.ToInt32("755", 8)).Mkfile("/out/a", Convert.ToInt32("644", 8), "a"))
            .File(FileActions.Mkfile("/out/b", Convert.ToInt32("600", 8), "b", new MkfileOptions { Owner = FileOwner.FromIds(33, 44) }))
            .File(FileActions.Mkdir("/out/sub", Convert.ToInt32("700", 8)).Mkfile("/out/sub/c", Convert.ToInt32("644", 8), "c").Symlink("b", "/out/link"))
            .File(FileActions.Rm("/out/a"));
        return State.Scratch().CopyStep(source, "/out", "/copied");
    }
}
