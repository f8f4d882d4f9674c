using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Tests.Snapshots;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>
/// A RUN's changes to busybox and debian, made in an overlay mount and in a full copy, read back as OCI layers: the
/// entries a reader finds, and the same bytes both ways.
/// </summary>
public sealed class RunLayerTests : IDisposable
{
    private readonly OverlayHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Busybox_changes_in_an_overlay_become_a_layer_with_whiteouts_an_opaque_directory_and_real_owners()
    {
        OverlayHarness.RequireOverlay();
        var (layers, blobs, resolver) = await harness.ResolveAsync("busybox:amd64");
        using var _ = resolver;

        var (blob, kind) = await RunAsync(harness.Mounter(RootfsMode.Overlay), layers, blobs, SimulatedRun.Busybox);

        Assert.Equal(RootfsKind.Overlay, kind);
        var entries = await ListAsync(blob);
        AssertScenario(entries, SimulatedRun.Busybox);
        Assert.DoesNotContain("mnt/", entries.Keys);
        Assert.Equal(0b111_101_101, entries["etc/"].Mode);
    }

    [Fact]
    public async Task Debian_changes_in_an_overlay_become_a_layer_and_a_directory_with_content_replaced_is_opaque()
    {
        OverlayHarness.RequireOverlay();
        var (layers, blobs, resolver) = await harness.ResolveAsync("debian:bookworm-slim");
        using var _ = resolver;

        var (blob, _) = await RunAsync(harness.Mounter(RootfsMode.Overlay), layers, blobs, SimulatedRun.Debian);

        var entries = await ListAsync(blob);
        AssertScenario(entries, SimulatedRun.Debian);
        Assert.DoesNotContain(entries.Keys, p => p.StartsWith("etc/default/", StringComparison.Ordinal) && p is not ("etc/default/" or "etc/default/.wh..wh..opq" or "etc/default/fresh"));
        Assert.DoesNotContain("mnt/", entries.Keys); // /mnt is in debian: only the stub's parent it lacked goes.
        Assert.DoesNotContain("mnt/cb-data/", entries.Keys);
    }

    [Theory]
    [InlineData("busybox:amd64")]
    [InlineData("debian:bookworm-slim")]
    public async Task The_copy_fallback_gives_the_same_layer_bytes_as_the_overlay(string image)
    {
        OverlayHarness.RequireOverlay();
        var (layers, blobs, resolver) = await harness.ResolveAsync(image);
        using var _ = resolver;
        var run = image.StartsWith("busybox", StringComparison.Ordinal) ? SimulatedRun.Busybox : SimulatedRun.Debian;

        var (overlay, overlayKind) = await RunAsync(harness.Mounter(RootfsMode.Overlay), layers, blobs, run);
        var (copy, copyKind) = await RunAsync(harness.Mounter(RootfsMode.Copy), layers, blobs, run);

        Assert.Equal((RootfsKind.Overlay, RootfsKind.Copy), (overlayKind, copyKind));
        Assert.Equal(string.Join('\n', (await ListAsync(overlay)).Keys), string.Join('\n', (await ListAsync(copy)).Keys));
        Assert.Equal(overlay, copy);
    }

    [Fact]
    public async Task CB_NO_OVERLAY_selects_the_copy_and_the_copy_is_removed_on_dispose()
    {
        var options = RootfsMountOptions.FromEnvironment(new Dictionary<string, string?> { [RootfsMountOptions.NoOverlayVariable] = "1" });
        var layer = await LocalLayers.WriteAsync(harness.Store, LocalLayers.File("etc/os-release", "ID=test\n"));
        var mounter = new RootfsMounter(harness.Store, harness.Snapshots, options);

        var mount = await mounter.MountAsync(LayerChain.Empty.Append(layer), harness.Stored, Token);
        Assert.Equal(RootfsKind.Copy, mount.Kind);
        Assert.Equal("ID=test\n", await File.ReadAllTextAsync(Path.Combine(mount.Path, "etc/os-release"), Token));
        await mount.DisposeAsync();

        Assert.False(Directory.Exists(mount.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(mounter.MountsDirectory));
    }

    private static async Task<(byte[] Blob, RootfsKind Kind)> RunAsync(RootfsMounter mounter, LayerChain layers, IBlobSource blobs, SimulatedRun run)
    {
        var mount = await mounter.MountAsync(layers, blobs, Token);
        await using (mount)
        {
            SimulatedRun.MakeMountStubs(mount.Path);
            run.Apply(mount.Path);
            using var blob = new MemoryStream();
            await mount.WriteLayerAsync(blob, new LayerWriterOptions(), SimulatedRun.MountTargets, Token);
            var directory = Path.GetDirectoryName(mount.Path)!;
            await mount.DisposeAsync();
            Assert.Empty(OverlayHarness.MountsUnder(directory));
            Assert.False(Directory.Exists(directory));
            return (blob.ToArray(), mount.Kind);
        }
    }

    private static async Task<Dictionary<string, LayerEntryInfo>> ListAsync(byte[] blob)
    {
        var entries = new Dictionary<string, LayerEntryInfo>(StringComparer.Ordinal);
        await foreach (var entry in LayerReader.ListAsync(new MemoryStream(blob), Token))
        {
            entries.Add(entry.Path, entry);
        }

        return entries;
    }

    private static void AssertScenario(Dictionary<string, LayerEntryInfo> entries, SimulatedRun run)
    {
        var app = entries["app/"];
        Assert.Equal((LayerEntryType.Directory, 0b111_101_000, 1000L, 1000L), (app.Type, app.Mode, app.UserId, app.GroupId));
        var added = entries["app/new.txt"];
        Assert.Equal((LayerEntryType.File, 0b110_100_000, 1000L, 1000L, (long)SimulatedRun.NewContent.Length), (added.Type, added.Mode, added.UserId, added.GroupId, added.Size));
        var link = entries["app/link"];
        Assert.Equal((LayerEntryType.Symlink, "new.txt"), (link.Type, link.LinkTarget));

        Assert.Equal(LayerEntryType.File, entries["etc/passwd"].Type);
        var group = entries["etc/group"];
        Assert.Equal((0b110_000_000, 0L, 42L), (group.Mode, group.UserId, group.GroupId));

        var deleted = LayerPath.Join(LayerPath.Parent(run.DeletedFile), ".wh." + LayerPath.Name(run.DeletedFile));
        Assert.Equal(LayerEntryType.File, entries[deleted].Type);
        Assert.DoesNotContain(run.DeletedFile, entries.Keys);

        Assert.Equal(LayerEntryType.Directory, entries[run.ReplacedDirectory + "/"].Type);
        Assert.Contains(run.ReplacedDirectory + "/.wh..wh..opq", entries.Keys);
        Assert.Contains(run.ReplacedDirectory + "/fresh", entries.Keys);

        Assert.DoesNotContain(run.TouchedFile, entries.Keys);
        Assert.DoesNotContain("etc/hosts", entries.Keys);
        Assert.DoesNotContain(entries.Keys, p => p.StartsWith("mnt/cb-data", StringComparison.Ordinal));
        Assert.DoesNotContain(entries.Keys, p => p.StartsWith("etc/.wh.hosts", StringComparison.Ordinal));
    }
}
