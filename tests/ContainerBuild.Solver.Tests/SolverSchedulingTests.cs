using ContainerBuild.Solver.Progress;
using static ContainerBuild.Solver.Tests.FakeGraph;

namespace ContainerBuild.Solver.Tests;

/// <summary>Parallelism, merging of identical work, failure and cancellation.</summary>
public sealed class SolverSchedulingTests
{
    private readonly FakeResolver ops = new();
    private readonly MemoryCacheStore cache = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_vertex_two_parents_need_executes_once()
    {
        var shared = Node("shared", new FakeOp { Value = "S", Delay = TimeSpan.FromMilliseconds(100) }, Leaf("leaf", "L"));
        var left = Node("left", new FakeOp { Value = "P" }, shared);
        var right = Node("right", new FakeOp { Value = "Q" }, shared);
        var top = Node("top", new FakeOp { Value = "T" }, left, right);

        var result = await new Solver(ops, cache).SolveAsync(top, cancellationToken: Token);

        Assert.Equal(1, ops.Executions("shared"));
        Assert.Equal("T(P(S(L())),Q(S(L())))", ((FakeResult)result.Result).Content);
    }

    [Fact]
    public async Task Two_concurrent_solves_of_one_graph_execute_each_vertex_once_and_get_the_same_result()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Node("slow", new FakeOp { Value = "S", Gate = ct => release.Task.WaitAsync(ct) }, Leaf("leaf", "L"));
        var top = Node("top", new FakeOp { Value = "T" }, slow);
        var solver = new Solver(ops, cache);
        var progressOfSecond = new CollectingSink();

        var first = solver.SolveAsync(top, cancellationToken: Token);
        while (ops.Executions("slow") == 0)
        {
            await Task.Delay(5, Token);
        }

        var second = solver.SolveAsync(top, new SolveOptions { Progress = progressOfSecond }, Token);
        release.SetResult();
        var results = await Task.WhenAll(first, second);

        Assert.Equal(1, ops.Executions("slow"));
        Assert.Equal(1, ops.Executions("top"));
        Assert.Equal(results[0].Result.Id, results[1].Result.Id);

        // The late solve sees the shared vertex's whole progress, replayed, including its log line.
        Assert.Contains(progressOfSecond.Statuses.SelectMany(s => s.Logs), l => System.Text.Encoding.UTF8.GetString(l.Data.Span) == "running slow\n");
    }

    [Fact]
    public async Task Independent_vertices_run_in_parallel_up_to_the_limit()
    {
        var leaves = Enumerable.Range(0, 8).Select(i => Node($"leaf{i}", new FakeOp { Value = $"L{i}", Delay = TimeSpan.FromMilliseconds(60) })).ToArray();
        var top = Node("top", new FakeOp { Value = "T" }, leaves);

        await new Solver(ops, cache, new SolverOptions { MaxParallelism = 3 }).SolveAsync(top, cancellationToken: Token);

        Assert.Equal(9, ops.TotalExecutions);
        Assert.InRange(ops.MaxConcurrent, 2, 3);
    }

    [Fact]
    public async Task A_failing_vertex_fails_the_solve_with_its_name_and_digest_and_cancels_the_running_siblings()
    {
        var bad = Node("bad", new FakeOp { Value = "B", Delay = TimeSpan.FromMilliseconds(30), Fail = "exit code 2" });
        var hanging = Node("hanging", new FakeOp { Value = "H", Gate = ct => Task.Delay(TimeSpan.FromMinutes(5), ct) });
        var top = Node("top", new FakeOp { Value = "T" }, Node("middle", new FakeOp { Value = "M" }, bad), hanging);
        var progress = new CollectingSink();

        var error = await Assert.ThrowsAsync<SolveException>(() => new Solver(ops, cache).SolveAsync(top, new SolveOptions { Progress = progress }, Token));

        Assert.Equal("bad", error.VertexName);
        Assert.Equal(bad.Digest, error.VertexDigest);
        Assert.Equal("exit code 2", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        await WaitUntilAsync(() => ops.Cancelled.Contains("hanging"));
        Assert.Equal(0, ops.Executions("top") + ops.Executions("middle"));
        Assert.Contains(progress.Statuses.SelectMany(s => s.Vertexes), v => v.Name == "bad" && v.Error == "exit code 2");
        Assert.DoesNotContain(cache.Records, r => r.Description is "bad" or "hanging");
    }

    [Fact]
    public async Task Cancelling_the_solve_cancels_the_running_op()
    {
        var hanging = Node("hanging", new FakeOp { Value = "H", Gate = ct => Task.Delay(TimeSpan.FromMinutes(5), ct) });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var solve = new Solver(ops, cache).SolveAsync(hanging, cancellationToken: cancellation.Token);
        await WaitUntilAsync(() => ops.Executions("hanging") == 1);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => solve);
        await WaitUntilAsync(() => ops.Cancelled.Contains("hanging"));
    }

    [Fact]
    public async Task Cancelling_one_of_two_solves_sharing_a_vertex_leaves_the_other_to_finish()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = Node("shared", new FakeOp { Value = "S", Gate = ct => release.Task.WaitAsync(ct) });
        var solver = new Solver(ops, cache);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var cancelled = solver.SolveAsync(shared, cancellationToken: cancellation.Token);
        await WaitUntilAsync(() => ops.Executions("shared") == 1);
        var survivor = solver.SolveAsync(shared, cancellationToken: Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        Assert.Equal("S()", ((FakeResult)(await survivor).Result).Content);
        Assert.Equal(1, ops.Executions("shared"));
        Assert.Empty(ops.Cancelled);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10, Token);
        }

        Assert.True(condition());
    }

    private sealed class CollectingSink : IProgressSink
    {
        private readonly List<SolveStatus> statuses = [];

        public IReadOnlyList<SolveStatus> Statuses
        {
            get
            {
                lock (statuses)
                {
                    return [.. statuses];
                }
            }
        }

        public void Publish(SolveStatus status)
        {
            lock (statuses)
            {
                statuses.Add(status);
            }
        }
    }
}
