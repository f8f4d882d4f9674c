using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Tests.Cache;

/// <summary>The persistent cache under a real content store root, used by real solvers.</summary>
public sealed class CacheRecordStoreTests : IDisposable
{
    private readonly TempDirectory root = new("cb-cache");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    private (Solver.Solver Solver, BlobOps Ops, CacheRecordStore Records) Open(TimeProvider? clock = null)
    {
        var store = new ContentStore(root.Combine("store"));
        var ops = new BlobOps(store);
        var records = new CacheRecordStore(store, clock);
        return (new Solver.Solver(ops, records, new SolverOptions { Clock = clock ?? TimeProvider.System }), ops, records);
    }

    [Fact]
    public async Task Opening_the_store_removes_temp_records_of_ended_writers_and_keeps_those_of_live_ones()
    {
        var (solver, _, _) = Open();
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        var temp = root.Combine("store", "cache", "tmp");

        // A process that has ended: started and waited for, so its pid names no running process.
        using var ended = System.Diagnostics.Process.Start("true");
        await ended.WaitForExitAsync(Token);
        var orphan = Path.Combine(temp, $"{ended.Id}-{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(temp, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        File.WriteAllText(orphan, "{ half a record");
        File.WriteAllText(live, "{ being written");

        var (again, ops, _) = Open();
        await again.SolveAsync(BlobOps.Graph(), cancellationToken: Token);

        Assert.False(File.Exists(orphan), "the temp record of an ended writer is left behind");
        Assert.True(File.Exists(live), "the temp record of a live writer was removed");
        Assert.Equal(0, ops.Executions);
    }

    [Fact]
    public async Task The_cache_survives_a_new_solver_and_store_on_the_same_root()
    {
        var (solver, ops, _) = Open();
        var first = await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        Assert.Equal(4, ops.Executions);

        var (again, freshOps, _) = Open();
        var second = await again.SolveAsync(BlobOps.Graph(), cancellationToken: Token);

        Assert.Equal(0, freshOps.Executions);
        Assert.Equal(first.Result.Id, second.Result.Id);
        Assert.Equal(first.CacheKey, second.CacheKey);
    }

    [Fact]
    public async Task A_change_re_executes_only_the_affected_vertices_across_instances()
    {
        await Open().Solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);

        var (solver, ops, _) = Open();
        await solver.SolveAsync(BlobOps.Graph(app: "app-v2"), cancellationToken: Token);

        Assert.Equal(["app", "image"], ops.Executed);
    }

    [Fact]
    public async Task A_record_round_trips_with_its_results_and_blobs_and_its_last_use_is_the_file_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var (_, _, records) = Open(clock);
        var blob = new Descriptor { MediaType = MediaType.OciLayerGzip, Digest = Digest.Compute("x"u8), Size = 1 };
        var record = new CacheRecord
        {
            Key = Digest.Compute("key"u8),
            ResultKey = Digest.Compute("result"u8),
            Results = [new CachedResult("snapshot-1", 1234, []), new CachedResult(blob.Digest.ToString(), 1, [blob])],
            Description = "[2/3] COPY . /app",
            RecordType = CacheRecordTypes.Regular,
            Created = clock.Now,
            LastUsed = clock.Now,
        };

        await records.SaveAsync(record, Token);
        clock.Now += TimeSpan.FromHours(3);
        await records.MarkUsedAsync(record.Key, Token);
        var read = await records.TryGetAsync(record.Key, Token);

        Assert.NotNull(read);
        Assert.Equal(record.ResultKey, read.ResultKey);
        Assert.Equal(record.Results, read.Results, (a, b) => a.Id == b.Id && a.Size == b.Size && a.Blobs.SequenceEqual(b.Blobs));
        Assert.Equal(record.Description, read.Description);
        Assert.Equal(record.Created, read.Created);
        Assert.Equal(clock.Now, read.LastUsed);
        Assert.Null(await records.TryGetAsync(Digest.Compute("other"u8), Token));
    }

    [Fact]
    public async Task A_damaged_record_is_a_miss_and_the_next_solve_replaces_it()
    {
        var (solver, _, _) = Open();
        await solver.SolveAsync(BlobOps.Graph(), cancellationToken: Token);
        foreach (var file in Directory.GetFiles(root.Combine("store", "cache", "records"), "*.json", SearchOption.AllDirectories))
        {
            await File.WriteAllTextAsync(file, "{\"version\":1,\"key\":", Token);
        }

        var (again, ops, records) = Open();
        await again.SolveAsync(BlobOps.Graph(), cancellationToken: Token);

        Assert.Equal(4, ops.Executions);
        Assert.Equal(4, (await records.DiskUsageAsync(Token)).Entries.Count);
    }
}
