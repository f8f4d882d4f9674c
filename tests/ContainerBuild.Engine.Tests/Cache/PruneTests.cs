using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Store;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Tests.Cache;

/// <summary>du and prune over records written by real solves.</summary>
public sealed class PruneTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory root = new("cb-prune");
    private readonly ManualClock clock = new(Start);
    private readonly ContentStore store;
    private readonly CacheRecordStore records;
    private readonly BlobOps ops;
    private readonly Solver.Solver solver;

    public PruneTests()
    {
        store = new ContentStore(root.Combine("store"));
        records = new CacheRecordStore(store, clock);
        ops = new BlobOps(store);
        solver = new Solver.Solver(ops, records, new SolverOptions { Clock = clock });
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task Du_lists_one_entry_per_cached_result_with_description_type_size_and_last_use()
    {
        await solver.SolveAsync(BlobOps.Graph(size: 1000), cancellationToken: Token);
        clock.Now += TimeSpan.FromMinutes(5);
        await solver.SolveAsync(BlobOps.Graph(app: "app-v2", size: 1000), cancellationToken: Token);

        var usage = await records.DiskUsageAsync(Token);

        Assert.Equal(["app", "app", "base", "image", "image", "tools"], usage.Entries.Select(e => e.Description).Order(StringComparer.Ordinal));
        Assert.All(usage.Entries, e => Assert.Equal((CacheRecordTypes.Regular, 1000L, true), (e.RecordType, e.Size, e.Reclaimable)));
        Assert.Equal(6000, usage.Total);
        Assert.Equal(Start + TimeSpan.FromMinutes(5), usage.Entries.Single(e => e.Description == "base").LastUsed);
        Assert.Equal(Start, usage.Entries.Where(e => e.Description == "app").Min(e => e.LastUsed));
    }

    [Fact]
    public async Task Prune_until_removes_entries_unused_for_longer_and_the_blobs_only_they_held()
    {
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        clock.Now += TimeSpan.FromHours(48);
        await solver.SolveAsync(BlobOps.Graph(app: "app-v2"), cancellationToken: Token);
        var blobsBefore = await CountBlobsAsync();

        var result = await records.PruneAsync(new PruneOptions { Filters = ["until=24h"] }, Token);

        Assert.Equal(["app", "image"], result.Removed.Select(e => e.Description).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.BlobsRemoved);
        Assert.Equal(blobsBefore - 2, await CountBlobsAsync());

        // What was kept still solves from cache; what was pruned runs again.
        ops.ResetSeen();
        await solver.SolveAsync(BlobOps.Graph(app: "app-v2"), cancellationToken: Token);
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        Assert.Equal(["app", "image"], ops.Executed);
    }

    [Fact]
    public async Task Prune_keep_storage_removes_least_recently_used_entries_until_the_cache_fits()
    {
        await solver.SolveAsync(BlobOps.Graph(size: 1000), cancellationToken: Token);
        clock.Now += TimeSpan.FromHours(1);
        await solver.SolveAsync(BlobOps.Graph(app: "app-v2", size: 1000), cancellationToken: Token);

        var result = await records.PruneAsync(new PruneOptions { KeepStorage = 4500 }, Token);

        // Six entries of 1000 bytes; the two of the first solve that the second did not reuse are the oldest.
        Assert.Equal(["app", "image"], result.Removed.Select(e => e.Description).Order(StringComparer.Ordinal));
        Assert.Equal(2000, result.ReclaimedBytes);
        Assert.Equal(4000, (await records.DiskUsageAsync(Token)).Total);
    }

    [Fact]
    public async Task Prune_all_empties_the_cache_and_the_store_and_the_next_solve_runs_everything()
    {
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        await store.WriteAsync("an unreferenced blob"u8.ToArray(), cancellationToken: Token);

        var result = await records.PruneAsync(new PruneOptions { All = true }, Token);

        Assert.Equal(4, result.Removed.Count);
        Assert.Equal(5, result.BlobsRemoved);
        Assert.Empty((await records.DiskUsageAsync(Token)).Entries);
        Assert.Equal(0, await CountBlobsAsync());
        ops.ResetSeen();
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        Assert.Equal(4, ops.Executions);
    }

    [Fact]
    public async Task Prune_without_all_keeps_internal_records_and_a_type_filter_selects_by_type()
    {
        var key = Oci.Digest.Compute("internal"u8);
        await records.SaveAsync(new CacheRecord
        {
            Key = key,
            ResultKey = key,
            Results = [new CachedResult("x", 10, [])],
            RecordType = CacheRecordTypes.Internal,
            Created = clock.Now,
            LastUsed = clock.Now,
        }, Token);
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);

        Assert.Equal(4, (await records.PruneAsync(new PruneOptions(), Token)).Removed.Count);
        Assert.Single((await records.DiskUsageAsync(Token)).Entries);
        Assert.Single((await records.PruneAsync(new PruneOptions { Filters = ["type=internal"] }, Token)).Removed);
    }

    [Theory]
    [InlineData("until")]
    [InlineData("until=soon")]
    [InlineData("until=24x")]
    [InlineData("colour=blue")]
    public async Task A_filter_that_does_not_parse_is_refused_before_anything_is_removed(string filter)
    {
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);

        var error = await Assert.ThrowsAsync<InvalidPruneFilterException>(() => records.PruneAsync(new PruneOptions { Filters = [filter] }, Token));

        Assert.Equal(filter, error.Filter);
        Assert.Equal(4, (await records.DiskUsageAsync(Token)).Entries.Count);
    }

    private async Task<int> CountBlobsAsync()
    {
        var count = 0;
        await foreach (var _ in store.EnumerateAsync(Token))
        {
            count++;
        }

        return count;
    }
}
