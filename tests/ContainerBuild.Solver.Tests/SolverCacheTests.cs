using ContainerBuild.Solver.Progress;
using static ContainerBuild.Solver.Tests.FakeGraph;

namespace ContainerBuild.Solver.Tests;

/// <summary>Cache keys and reuse, checked with fake ops and execution counters (BuildKit's scheduler tests' model).</summary>
public sealed class SolverCacheTests
{
    private readonly FakeResolver ops = new();
    private readonly MemoryCacheStore cache = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // leaf a -> c, leaf b -> d, (c, d) -> e
    private static Vertex Graph(string a = "A", string b = "B", bool copyKeys = false, string aRevision = "")
    {
        var leafA = Leaf("a", a, revision: aRevision);
        var leafB = Leaf("b", b);
        var c = Node("c", new FakeOp { Value = "C", ContentKeys = copyKeys }, leafA);
        var d = Node("d", new FakeOp { Value = "D" }, leafB);
        return Node("e", new FakeOp { Value = "E" }, c, d);
    }

    private Solver NewSolver() => new(ops, cache);

    [Fact]
    public async Task A_rebuild_with_the_same_inputs_executes_nothing_and_gives_the_same_result()
    {
        var first = await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        Assert.Equal(5, ops.TotalExecutions);
        Assert.Equal("E(C(A()),D(B()))", ((FakeResult)first.Result).Content);
        ops.ResetCounts();

        var second = await NewSolver().SolveAsync(Graph(), cancellationToken: Token);

        Assert.Equal(0, ops.TotalExecutions);
        Assert.Equal(first.Result.Id, second.Result.Id);
        Assert.Equal(first.CacheKey, second.CacheKey);
        Assert.Equal((0, 5), (second.Executed, second.Cached));
    }

    [Fact]
    public async Task Changing_one_leaf_re_executes_only_it_and_its_dependants()
    {
        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        ops.ResetCounts();

        var changed = await NewSolver().SolveAsync(Graph(a: "A2"), cancellationToken: Token);

        Assert.Equal(["a", "c", "e"], ops.Executed);
        Assert.Equal("E(C(A2()),D(B()))", ((FakeResult)changed.Result).Content);
        Assert.Equal((3, 2), (changed.Executed, changed.Cached));
    }

    [Fact]
    public async Task A_changed_input_with_unchanged_content_stops_the_invalidation_at_a_content_keyed_vertex()
    {
        var first = await NewSolver().SolveAsync(Graph(copyKeys: true), cancellationToken: Token);
        ops.ResetCounts();

        // a's definition changes (so its key does) but it produces the same content: c finds its result by content.
        var second = await NewSolver().SolveAsync(Graph(copyKeys: true, aRevision: "touched"), cancellationToken: Token);
        Assert.Equal(["a"], ops.Executed);
        Assert.Equal(first.Result.Id, second.Result.Id);
        ops.ResetCounts();

        // And the next solve finds everything by definition keys again.
        var third = await NewSolver().SolveAsync(Graph(copyKeys: true, aRevision: "touched"), cancellationToken: Token);
        Assert.Equal(0, ops.TotalExecutions);
        Assert.Equal(first.Result.Id, third.Result.Id);
    }

    [Fact]
    public async Task Without_content_keys_a_changed_definition_re_executes_the_dependants()
    {
        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        ops.ResetCounts();

        await NewSolver().SolveAsync(Graph(aRevision: "touched"), cancellationToken: Token);

        Assert.Equal(["a", "c", "e"], ops.Executed);
    }

    [Fact]
    public async Task A_record_whose_result_is_gone_is_a_miss_and_the_vertex_runs_again()
    {
        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        ops.ResetCounts();
        foreach (var id in ops.Stored.Keys.Where(k => k.StartsWith("d-", StringComparison.Ordinal)))
        {
            ops.Stored.TryRemove(id, out _);
        }

        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);

        // d's result is recomputed under the same key, so e (keyed by d's key) still hits.
        Assert.Equal(["d"], ops.Executed);
    }

    [Fact]
    public async Task No_cache_executes_everything_and_still_stores_for_the_next_solve()
    {
        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        ops.ResetCounts();

        var uncached = await NewSolver().SolveAsync(Graph(), new SolveOptions { NoCache = true }, Token);
        Assert.Equal(5, ops.TotalExecutions);
        ops.ResetCounts();

        var again = await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        Assert.Equal(0, ops.TotalExecutions);
        Assert.Equal(uncached.Result.Id, again.Result.Id);
    }

    [Fact]
    public async Task No_cache_filter_re_executes_the_named_vertices_and_what_depends_on_them()
    {
        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        ops.ResetCounts();

        await NewSolver().SolveAsync(Graph(), new SolveOptions { NoCacheFilter = new HashSet<string>(StringComparer.Ordinal) { "c" } }, Token);

        Assert.Equal(["c", "e"], ops.Executed);
    }

    [Fact]
    public async Task An_ignore_cache_vertex_runs_every_time_and_a_content_keyed_dependant_stops_the_rerun_when_content_is_equal()
    {
        Vertex Build(string name)
        {
            var always = Leaf("always", "X", ignoreCache: true);
            var copy = Node("copy", new FakeOp { Value = "COPY", ContentKeys = true }, always);
            var run = Node("run", new FakeOp { Value = "RUN" }, always);
            return Node(name, new FakeOp { Value = "TOP" }, copy, run);
        }

        await NewSolver().SolveAsync(Build("top"), cancellationToken: Token);
        ops.ResetCounts();

        await NewSolver().SolveAsync(Build("top"), cancellationToken: Token);

        // 'run' trusts only its input's definition key, which a re-executed input no longer vouches for; so does 'top'.
        Assert.Equal(["always", "run", "top"], ops.Executed);
    }

    [Fact]
    public async Task Every_vertex_reports_started_and_completed_and_a_rebuild_reports_each_as_cached()
    {
        await NewSolver().SolveAsync(Graph(), cancellationToken: Token);
        var events = new List<SolveStatus>();
        var sink = new ListSink(events);

        await NewSolver().SolveAsync(Graph(), new SolveOptions { Progress = sink }, Token);

        var completed = events.SelectMany(s => s.Vertexes).Where(v => v.Completed is not null).ToList();
        Assert.Equal(["a", "b", "c", "d", "e"], completed.Select(v => v.Name).Order(StringComparer.Ordinal));
        Assert.All(completed, v => Assert.True(v.Cached && v.Started is not null && v.Error is null));
    }

    private sealed class ListSink(List<SolveStatus> events) : IProgressSink
    {
        public void Publish(SolveStatus status)
        {
            lock (events)
            {
                events.Add(status);
            }
        }
    }
}
