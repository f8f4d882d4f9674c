using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Store;

/// <summary>The store used by several real processes at once: this assembly run again as <see cref="StoreChild"/>.</summary>
public sealed class CrossProcessTests : IDisposable
{
    private readonly TempDirectory root = new("cb-store-xp");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task Two_processes_writing_the_same_50_MB_blob_at_once_both_succeed_with_one_blob_and_no_leftovers()
    {
        const long Size = 50 * 1024 * 1024;
        var digest = await Digest.ComputeAsync(new SeededStream(seed: 11, Size), Token);
        var go = root.Combine("go");
        var ready = new[] { root.Combine("ready-1"), root.Combine("ready-2") };

        var children = ready.Select(r => StoreChild.StartWriter(root.Combine("store"), seed: 11, Size, digest, readyFile: r, goFile: go)).ToList();
        try
        {
            while (!ready.All(File.Exists) && !children.Any(c => c.HasExited))
            {
                await Task.Delay(10, Token);
            }

            await File.WriteAllTextAsync(go, "go", Token);
            var results = await Task.WhenAll(children.Select(c => StoreChild.WaitAsync(c, Token)));

            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        }
        finally
        {
            foreach (var child in children)
            {
                child.Kill(entireProcessTree: true);
                child.Dispose();
            }
        }

        var store = new ContentStore(root.Combine("store"));
        Assert.Equal(Path.Combine(store.Root, "blobs", "sha256", digest.Hex), Assert.Single(StoreFolders.Blobs(store.Root)));
        Assert.Empty(StoreFolders.Ingest(store.Root));
        await using var read = store.OpenRead(digest);
        Assert.Equal(digest, await Digest.ComputeAsync(read, Token));
    }

    [Fact]
    public async Task A_writer_killed_midway_leaves_only_an_ingest_file_that_cleanup_removes_and_the_next_write_succeeds()
    {
        const long Size = 64 * 1024 * 1024;
        var storeRoot = root.Combine("store");
        var digest = await Digest.ComputeAsync(new SeededStream(seed: 12, Size), Token);

        using var child = StoreChild.StartWriter(storeRoot, seed: 12, Size, digest, delayPerRead: TimeSpan.FromMilliseconds(10));
        try
        {
            while (!StoreFolders.Ingest(storeRoot).Any(f => new FileInfo(f).Length >= 1024 * 1024))
            {
                Assert.False(child.HasExited, "The writer ended before it could be killed.");
                await Task.Delay(20, Token);
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
        }

        await child.WaitForExitAsync(Token);

        var store = new ContentStore(storeRoot);
        var partial = Assert.Single(StoreFolders.Ingest(storeRoot));
        Assert.True(new FileInfo(partial).Length < Size);
        Assert.Empty(StoreFolders.Blobs(storeRoot));
        Assert.False(store.Exists(digest));

        // The dead writer's lock went with it, so an old enough leftover is removed.
        Assert.Equal(0, await store.CleanupIngestAsync(cancellationToken: Token));
        Assert.Equal(1, await store.CleanupIngestAsync(TimeSpan.Zero, Token));
        Assert.Empty(StoreFolders.Ingest(storeRoot));

        var written = await store.WriteAsync(new SeededStream(seed: 12, Size), digest, Size, Token);
        Assert.False(written.AlreadyExisted);
        await using var read = store.OpenRead(digest);
        Assert.Equal(digest, await Digest.ComputeAsync(read, Token));
    }
}
