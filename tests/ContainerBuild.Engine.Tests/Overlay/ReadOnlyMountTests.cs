using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Tests.Snapshots;
using ContainerBuild.Layers;
using static ContainerBuild.Engine.Tests.Snapshots.LocalLayers;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>A state's files read through an overlay of its layers' lower dirs: no merged snapshot, nothing writable.</summary>
public sealed class ReadOnlyMountTests : IDisposable
{
    private readonly OverlayHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task A_read_only_mount_shows_the_merged_layers_refuses_writes_and_leaves_no_snapshot_of_the_chain()
    {
        OverlayHarness.RequireOverlay();
        var bottom = await LocalLayers.WriteAsync(harness.Store, File("a/keep", "kept"), File("a/gone", "doomed"), File("d/x", "x"));
        var top = await LocalLayers.WriteAsync(harness.Store, new LayerWhiteout("a/gone"), new LayerOpaqueWhiteout("d"), File("d/y", "y"));
        var chain = LayerChain.Empty.Append(bottom).Append(top);
        var mounter = harness.Mounter(RootfsMode.Auto);

        var mount = await mounter.MountReadOnlyAsync(chain, harness.Stored, Token);

        Assert.NotNull(mount);
        await using (mount)
        {
            Assert.Equal(RootfsKind.ReadOnlyOverlay, mount.Kind);
            Assert.Equal(["a/keep", "d/y"], Files(mount.Path));
            Assert.Equal("kept", await System.IO.File.ReadAllTextAsync(Path.Combine(mount.Path, "a/keep"), Token));
            Assert.ThrowsAny<IOException>(() => System.IO.File.WriteAllText(Path.Combine(mount.Path, "a/added"), "no"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => mount.GetChangesAsync(cancellationToken: Token));
            Assert.Null(harness.Snapshots.TryGet(chain.ChainId!.Value));
            Assert.NotNull(mounter.LowerDirs.TryGet(bottom.DiffId));
        }

        Assert.DoesNotContain(mount.Path, OverlayHarness.MountsUnder(harness.Root));
        Assert.False(Directory.Exists(mount.Path));
    }

    [Fact]
    public async Task A_single_layer_mounts_and_its_whiteouts_are_not_there()
    {
        OverlayHarness.RequireOverlay();
        var only = await LocalLayers.WriteAsync(harness.Store, File("etc/app.conf", "x"), new LayerWhiteout("etc/old"));

        await using var mount = await harness.Mounter(RootfsMode.Overlay).MountReadOnlyAsync(LayerChain.Empty.Append(only), harness.Stored, Token);

        // Overlay lists a whiteout in a directory of one layer (as a RUN over the layer sees it), but no lookup finds it.
        Assert.NotNull(mount);
        Assert.Equal("x", await System.IO.File.ReadAllTextAsync(Path.Combine(mount.Path, "etc/app.conf"), Token));
        Assert.False(Path.Exists(Path.Combine(mount.Path, "etc/old")));
    }

    [Fact]
    public async Task Without_overlay_mounts_or_for_an_empty_chain_there_is_no_read_only_mount()
    {
        var layer = await LocalLayers.WriteAsync(harness.Store, File("f", "x"));

        Assert.Null(await harness.Mounter(RootfsMode.Copy).MountReadOnlyAsync(LayerChain.Empty.Append(layer), harness.Stored, Token));
        Assert.Null(await harness.Mounter(RootfsMode.Auto).MountReadOnlyAsync(LayerChain.Empty, harness.Stored, Token));
    }

    private static string[] Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
}
