using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Engine.Tests.Sources;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using static ContainerBuild.Engine.Tests.Snapshots.LocalLayers;

namespace ContainerBuild.Engine.Tests.Snapshots;

/// <summary>Layer chains unpacked once per chain id, atomically, under cross-process locks.</summary>
public sealed class SnapshotStoreTests : IDisposable
{
    private readonly TempDirectory root = new("cb-snapshots");
    private readonly ContentStore store;
    private readonly StoreBlobSource stored;

    public SnapshotStoreTests()
    {
        store = new ContentStore(root.Path);
        stored = new StoreBlobSource(store);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task The_snapshot_of_busybox_amd64_holds_bin_busybox_with_mode_0755()
    {
        Requires.Registry();
        using var harness = new ResolverHarness(sharedRoot: root);
        var image = await harness.ResolveAsync("busybox:amd64");
        var blobs = new LayerBlobSource(harness.Store, harness.Clients).Add(image.Layers);

        var snapshot = await new SnapshotStore(harness.Store).GetOrCreateAsync(image.Layers, blobs, Token);

        var busybox = new FileInfo(Path.Combine(snapshot.Path, "bin", "busybox"));
        Assert.True(busybox.Exists);
        Assert.Null(busybox.LinkTarget);
        Assert.Equal((UnixFileMode)0b111_101_101, busybox.UnixFileMode);
        Assert.True(busybox.Length > 500_000);
        Assert.Equal(image.Layers.ChainId, snapshot.ChainId);
        Assert.Equal(Path.Combine(root.Path, "snapshots", image.Layers.ChainId!.Value.Hex, "rootfs"), snapshot.Path);
        Assert.Equal(1, snapshot.LayersExtracted);
    }

    [Fact]
    public async Task Two_concurrent_makers_of_one_chain_in_separate_store_instances_extract_it_once()
    {
        var layer = await WriteAsync(store, File("etc/os-release", "ID=test\n"), File("usr/bin/tool", "#!/bin/sh\n", 0b111_101_101));
        var chain = LayerChain.Empty.Append(layer);
        var counting = new CountingBlobSource(stored);

        var made = await Task.WhenAll(
            Task.Run(() => new SnapshotStore(new ContentStore(root.Path)).GetOrCreateAsync(chain, counting, Token), Token),
            Task.Run(() => new SnapshotStore(new ContentStore(root.Path)).GetOrCreateAsync(chain, counting, Token), Token));

        Assert.Equal(1, made.Sum(s => s.LayersExtracted));
        Assert.Equal(1, counting.Opened(layer.Digest));
        Assert.Equal(made[0].Path, made[1].Path);
        Assert.Equal("ID=test\n", await System.IO.File.ReadAllTextAsync(Path.Combine(made[0].Path, "etc", "os-release"), Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "snapshots", "tmp")));
    }

    [Fact]
    public async Task A_whiteout_in_the_second_layer_removes_the_file_from_the_snapshot_but_not_from_the_first_layers()
    {
        var first = await WriteAsync(store, File("app/keep", "kept"), File("app/gone", "doomed"), File("app/changed", "one"), File("old/sub/file", "x"));
        var second = await WriteAsync(store, new LayerWhiteout("app/gone"), File("app/changed", "two"), new LayerOpaqueWhiteout("old"), File("old/new", "fresh"));
        var lower = LayerChain.Empty.Append(first);
        var upper = lower.Append(second);
        var snapshots = new SnapshotStore(store);
        var lowerSnapshot = await snapshots.GetOrCreateAsync(lower, stored, Token);

        var upperSnapshot = await snapshots.GetOrCreateAsync(upper, stored, Token);

        Assert.Equal(1, upperSnapshot.LayersExtracted);
        Assert.Equal(["app/changed", "app/keep", "old/new"], Files(upperSnapshot.Path));
        Assert.Equal("two", await System.IO.File.ReadAllTextAsync(Path.Combine(upperSnapshot.Path, "app", "changed"), Token));
        Assert.Equal(["app/changed", "app/gone", "app/keep", "old/sub/file"], Files(lowerSnapshot.Path));
        Assert.Equal("one", await System.IO.File.ReadAllTextAsync(Path.Combine(lowerSnapshot.Path, "app", "changed"), Token));
    }

    [Fact]
    public async Task Extracting_every_layer_and_hard_link_copying_the_prefix_give_the_same_tree()
    {
        var first = await WriteAsync(store, File("a/one", "1"), File("a/two", "2", 0b111_000_000), new LayerSymlink("a/link", "one"), new LayerDirectory("empty") { Mode = 0b111_000_000 });
        var second = await WriteAsync(store, new LayerWhiteout("a/two"), File("b/three", "3"));
        var chain = LayerChain.Of([first, second]);
        var linked = new SnapshotStore(store);
        await linked.GetOrCreateAsync(chain.Parent, stored, Token);
        using var otherRoot = new TempDirectory("cb-snapshots");
        var otherStore = new ContentStore(otherRoot.Path);
        await otherStore.WriteAsync(store.OpenRead(first.Digest), first.Digest, cancellationToken: Token);
        await otherStore.WriteAsync(store.OpenRead(second.Digest), second.Digest, cancellationToken: Token);

        var byCopy = await linked.GetOrCreateAsync(chain, stored, Token);
        var byExtraction = await new SnapshotStore(otherStore, new SnapshotStoreOptions { CopyMode = SnapshotCopyMode.Extract })
            .GetOrCreateAsync(chain, new StoreBlobSource(otherStore), Token);

        Assert.Equal(1, byCopy.LayersExtracted);
        Assert.Equal(2, byExtraction.LayersExtracted);
        Assert.Equal(Describe(byExtraction.Path), Describe(byCopy.Path));
        Assert.Contains("a/link -> one", Describe(byCopy.Path));
        Assert.Contains("empty d700", Describe(byCopy.Path));
    }

    [Fact]
    public async Task A_layer_whose_tar_does_not_hash_to_its_diff_id_is_refused_and_leaves_nothing()
    {
        var real = await WriteAsync(store, File("f", "content"));
        var lying = real with { DiffId = Digest.Compute("another tar"u8) };
        var snapshots = new SnapshotStore(store);

        var error = await Assert.ThrowsAsync<LayerDiffIdMismatchException>(() => snapshots.GetOrCreateAsync(LayerChain.Empty.Append(lying), stored, Token));

        Assert.Equal(real.DiffId, error.ActualDiffId);
        Assert.Null(snapshots.TryGet(LayerChain.Empty.Append(lying).ChainId!.Value));
        Assert.Empty(snapshots.Enumerate());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "snapshots", "tmp")));
    }

    [Fact]
    public async Task A_single_layer_directory_keeps_its_whiteout_files()
    {
        var layer = await WriteAsync(store, new LayerWhiteout("etc/gone"), new LayerOpaqueWhiteout("var/cache"), File("etc/new", "n"));
        var snapshots = new SnapshotStore(store);

        var unpacked = await snapshots.GetLayerDirAsync(layer, stored, Token);
        var again = await snapshots.GetLayerDirAsync(layer, stored, Token);

        Assert.True(unpacked.Extracted);
        Assert.False(again.Extracted);
        Assert.Equal(unpacked.Path, again.Path);
        Assert.Equal(Path.Combine(root.Path, "snapshots", "layers", layer.DiffId.Hex, "diff"), unpacked.Path);
        Assert.Equal(["etc/.wh.gone", "etc/new", "var/cache/.wh..wh..opq"], Files(unpacked.Path));
    }

    [Fact]
    public async Task Stored_snapshots_are_listed_with_sizes_and_can_be_deleted()
    {
        var layer = await WriteAsync(store, File("data", new string('x', 1000)), File("more", "12345"));
        var chain = LayerChain.Empty.Append(layer);
        var snapshots = new SnapshotStore(store);
        await snapshots.GetOrCreateAsync(chain, stored, Token);
        await snapshots.GetLayerDirAsync(layer, stored, Token);

        var listed = snapshots.Enumerate().OrderBy(s => s.Kind).ToList();
        var deleted = await snapshots.DeleteAsync(SnapshotKind.Chain, chain.ChainId!.Value, Token);
        var deletedAgain = await snapshots.DeleteAsync(SnapshotKind.Chain, chain.ChainId!.Value, Token);

        Assert.Equal([SnapshotKind.Chain, SnapshotKind.Layer], listed.Select(s => s.Kind));
        Assert.All(listed, s => Assert.Equal(1005, s.Size));
        Assert.All(listed, s => Assert.Equal(2, s.Files));
        Assert.Equal(chain.ChainId, listed[0].Id);
        Assert.Equal(layer.DiffId, listed[1].Id);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(snapshots.TryGet(chain.ChainId!.Value));
        Assert.NotNull(snapshots.TryGetLayerDir(layer.DiffId));
        Assert.Equal(SnapshotKind.Layer, Assert.Single(snapshots.Enumerate()).Kind);
    }

    [Fact]
    public async Task Cleanup_removes_a_dead_makers_temp_directory_but_not_one_whose_maker_holds_the_lock()
    {
        var snapshots = new SnapshotStore(store, new SnapshotStoreOptions { TempGracePeriod = TimeSpan.Zero });
        var deadId = Digest.Compute("dead"u8);
        var liveId = Digest.Compute("live"u8);
        var dead = Path.Combine(snapshots.Root, "tmp", $"{deadId.Hex}-{Guid.NewGuid():N}");
        var live = Path.Combine(snapshots.Root, "tmp", $"layer-{liveId.Hex}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dead, "rootfs", "usr"));
        Directory.CreateDirectory(Path.Combine(live, "diff"));
        using var held = await store.LockAsync($"layer-{liveId.Hex}", TimeSpan.FromSeconds(5), Token);

        var removed = snapshots.Cleanup(Token);

        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(live));
    }

    [Fact]
    public async Task A_cancelled_extraction_leaves_no_snapshot_and_the_next_maker_succeeds()
    {
        var layer = await WriteAsync(store, File("f", "content"));
        var chain = LayerChain.Empty.Append(layer);
        var snapshots = new SnapshotStore(store);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => snapshots.GetOrCreateAsync(chain, stored, cancelled.Token));
        var made = await snapshots.GetOrCreateAsync(chain, stored, Token);

        Assert.Equal(1, made.LayersExtracted);
        Assert.Equal(["f"], Files(made.Path));
    }

    [Fact]
    public async Task A_leftover_directory_without_a_record_in_the_snapshots_place_is_replaced()
    {
        var layer = await WriteAsync(store, File("f", "content"));
        var chain = LayerChain.Empty.Append(layer);
        var snapshots = new SnapshotStore(store);
        Directory.CreateDirectory(Path.Combine(snapshots.Root, chain.ChainId!.Value.Hex, "rootfs", "junk"));

        Assert.Null(snapshots.TryGet(chain.ChainId!.Value));
        var made = await snapshots.GetOrCreateAsync(chain, stored, Token);

        Assert.Equal(["f"], Files(made.Path));
    }

    [Fact]
    public async Task Scratch_is_an_empty_directory()
    {
        var snapshot = await new SnapshotStore(store).GetOrCreateAsync(LayerChain.Empty, stored, Token);

        Assert.Null(snapshot.ChainId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(snapshot.Path));
    }

    private static List<string> Files(string rootfs) =>
        [.. Directory.EnumerateFiles(rootfs, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(rootfs, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>Every entry with its kind, mode and content or link target.</summary>
    private static List<string> Describe(string rootfs) =>
        [.. new DirectoryInfo(rootfs).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e =>
            {
                var name = Path.GetRelativePath(rootfs, e.FullName).Replace('\\', '/');
                var mode = Convert.ToString((int)e.UnixFileMode, 8);
                return e.LinkTarget is { } target ? $"{name} -> {target}"
                    : e is DirectoryInfo ? $"{name} d{mode}"
                    : $"{name} f{mode} {System.IO.File.ReadAllText(e.FullName)}";
            })
            .Order(StringComparer.Ordinal)];
}
