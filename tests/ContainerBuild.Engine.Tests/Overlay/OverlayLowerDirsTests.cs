using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Tests.Snapshots;
using ContainerBuild.Layers;
using static ContainerBuild.Engine.Tests.Snapshots.LocalLayers;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>Layers unpacked once into overlay's format, and mounted as overlayfs reads them.</summary>
public sealed class OverlayLowerDirsTests : IDisposable
{
    private readonly OverlayHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task OCI_whiteouts_become_character_devices_and_opaque_markers_an_xattr_and_the_layer_is_made_once()
    {
        OverlayHarness.RequireOverlay();
        var layer = await LocalLayers.WriteAsync(harness.Store, new LayerWhiteout("a/gone"), new LayerOpaqueWhiteout("d"), File("d/y", "y"), File("a/new", "n"));
        var lowers = new OverlayLowerDirs(harness.Store);
        var counting = new CountingBlobSource(harness.Stored);

        var first = await lowers.GetOrCreateAsync(layer, counting, Token);
        var second = await lowers.GetOrCreateAsync(layer, counting, Token);

        Assert.Equal((true, false, 1), (first.Extracted, second.Extracted, counting.Opened(layer.Digest)));
        Assert.Equal(Path.Combine(harness.Root, "snapshots", "overlay", layer.DiffId.Hex, "diff"), first.Path);
        var whiteout = await ProcessRunner.RunAsync("stat", ["-c", "%F %t:%T", Path.Combine(first.Path, "a/gone")], cancellationToken: Token);
        Assert.Equal("character special file 0:0", whiteout.EnsureSuccess("stat").StandardOutput.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(first.Path, ".wh.*", SearchOption.AllDirectories));
        var xattr = await ProcessRunner.RunAsync("python3", ["-c", "import os,sys; print(os.getxattr(sys.argv[1], 'trusted.overlay.opaque', follow_symlinks=False).decode())", Path.Combine(first.Path, "d")], cancellationToken: Token);
        Assert.Equal("y", xattr.EnsureSuccess("getxattr").StandardOutput.Trim());
    }

    [Fact]
    public async Task A_mount_of_two_layers_shows_the_merged_tree_and_a_change_under_an_opaque_directory_stays_opaque()
    {
        OverlayHarness.RequireOverlay();
        var bottom = await LocalLayers.WriteAsync(harness.Store, File("a/keep", "kept"), File("a/gone", "doomed"), File("d/x", "x"));
        var top = await LocalLayers.WriteAsync(harness.Store, new LayerWhiteout("a/gone"), new LayerOpaqueWhiteout("d"), File("d/y", "y"));
        var chain = LayerChain.Empty.Append(bottom).Append(top);
        var mounter = harness.Mounter(RootfsMode.Overlay);

        await using var mount = await mounter.MountAsync(chain, harness.Stored, Token);

        Assert.Equal(RootfsKind.Overlay, mount.Kind);
        Assert.Equal(["a/keep", "d/y"], Files(mount.Path));
        Assert.Contains(mount.Path, OverlayHarness.MountsUnder(harness.Root));
        await System.IO.File.WriteAllTextAsync(Path.Combine(mount.Path, "a/added"), "new", Token);
        System.IO.File.Delete(Path.Combine(mount.Path, "a/keep"));
        var changes = await mount.GetChangesAsync(cancellationToken: Token);
        Assert.DoesNotContain(mount.Path, OverlayHarness.MountsUnder(harness.Root));
        Assert.Equal(
            ["a:LayerDirectory", "a/added:LayerFile", "a/keep:LayerWhiteout"],
            changes.Entries.Select(e => $"{e.Path}:{e.GetType().Name}"));
    }

    private static string[] Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
}
