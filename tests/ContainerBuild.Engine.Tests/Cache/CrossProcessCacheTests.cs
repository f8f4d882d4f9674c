using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Tests.Cache;

/// <summary>The cache used by several real processes: this assembly run again as <see cref="CacheChild"/>.</summary>
public sealed class CrossProcessCacheTests : IDisposable
{
    private readonly TempDirectory root = new("cb-cache-xp");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task Two_processes_solving_one_graph_at_once_both_succeed_with_the_same_result_and_a_consistent_store()
    {
        var storeRoot = root.Combine("store");
        var go = root.Combine("go");
        var ready = new[] { root.Combine("ready-1"), root.Combine("ready-2") };
        var outputs = new[] { root.Combine("out-1"), root.Combine("out-2") };
        var children = Enumerable.Range(0, 2).Select(i => CacheChild.Start(storeRoot, outputs[i], ready[i], go)).ToList();
        try
        {
            while (!ready.All(File.Exists) && !children.Any(c => c.HasExited))
            {
                await Task.Delay(10, Token);
            }

            await File.WriteAllTextAsync(go, "go", Token);
            var results = await Task.WhenAll(children.Select(c => CacheChild.WaitAsync(c, Token)));
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

        var answers = await Task.WhenAll(outputs.Select(o => File.ReadAllTextAsync(o, Token)));
        Assert.Equal(answers[0], answers[1]);
        await AssertConsistentAsync(storeRoot);

        // A third solve, in this process, finds everything.
        var store = new ContentStore(storeRoot);
        var ops = new BlobOps(store);
        var result = await new Solver.Solver(ops, new CacheRecordStore(store)).SolveAsync(BlobOps.Graph(size: 256 * 1024), cancellationToken: Token);
        Assert.Equal(0, ops.Executions);
        Assert.Equal(answers[0], $"{result.Result.Id} {result.CacheKey}");
    }

    [Fact]
    public async Task A_process_killed_mid_solve_leaves_a_store_the_next_build_uses_without_error()
    {
        var storeRoot = root.Combine("store");
        var output = root.Combine("out");
        using var child = CacheChild.Start(storeRoot, output, hangAt: "app");
        try
        {
            while (!File.Exists(output + ".hanging"))
            {
                Assert.False(child.HasExited, "The child ended before it could be killed: " + (child.HasExited ? (await CacheChild.WaitAsync(child, Token)).Output : ""));
                await Task.Delay(20, Token);
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
        }

        await child.WaitForExitAsync(Token);
        await AssertConsistentAsync(storeRoot);

        var store = new ContentStore(storeRoot);
        var ops = new BlobOps(store);
        await new Solver.Solver(ops, new CacheRecordStore(store)).SolveAsync(BlobOps.Graph(size: 256 * 1024), cancellationToken: Token);

        // What finished before the kill is reused; the vertex that was running, and what needs it, run now.
        Assert.DoesNotContain("base", ops.Executed);
        Assert.Contains("app", ops.Executed);
        Assert.Contains("image", ops.Executed);
        await AssertConsistentAsync(storeRoot);
    }

    // Every record parses and every blob a record names is in the store; nothing is left in tmp or ingest.
    private static async Task AssertConsistentAsync(string storeRoot)
    {
        var store = new ContentStore(storeRoot);
        var records = new CacheRecordStore(store);
        var files = Directory.GetFiles(Path.Combine(storeRoot, "cache", "records"), "*.json", SearchOption.AllDirectories);
        var count = 0;
        await foreach (var record in records.EnumerateAsync(Token))
        {
            count++;
            Assert.All(record.Results.SelectMany(r => r.Blobs), b => Assert.True(store.Exists(b.Digest), $"{record.Description} names a missing blob."));
        }

        Assert.Equal(files.Length, count);
        Assert.Empty(Directory.GetFiles(Path.Combine(storeRoot, "cache", "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(storeRoot, "ingest")));
    }
}
