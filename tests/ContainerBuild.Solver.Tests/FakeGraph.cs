using System.Collections.Concurrent;
using System.Text;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Solver.Tests;

/// <summary>What a fake vertex does: its output is its value joined with its inputs' contents.</summary>
public sealed record FakeOp
{
    public string Value { get; init; } = "";

    /// <summary>What enters the definition (digest) but not the output: a change here is a change with equal content.</summary>
    public string Revision { get; init; } = "";

    /// <summary>Whether this op asks for content digests of its inputs (like a copy).</summary>
    public bool ContentKeys { get; init; }

    public TimeSpan Delay { get; init; }

    /// <summary>Awaited before the op returns (tests hold ops in flight with it).</summary>
    public Func<CancellationToken, Task>? Gate { get; init; }

    public string? Fail { get; init; }
}

/// <summary>A fake result: an id (a new one per execution) and its content.</summary>
public sealed record FakeResult(string Id, string Content) : IResult
{
    public long Size => Content.Length;

    public IReadOnlyList<Descriptor> Blobs => [];
}

/// <summary>Builds fake vertices whose digests, like LLB's, cover their definition and their inputs.</summary>
public static class FakeGraph
{
    public static Vertex Leaf(string name, string value, bool ignoreCache = false, string revision = "") =>
        Node(name, new FakeOp { Value = value, Revision = revision }, ignoreCache);

    public static Vertex Node(string name, FakeOp op, params Vertex[] inputs) => Node(name, op, false, inputs);

    public static Vertex Node(string name, FakeOp op, bool ignoreCache, params Vertex[] inputs)
    {
        var definition = new StringBuilder($"{name}\0{op.Value}\0{op.Revision}\0{op.ContentKeys}");
        foreach (var input in inputs)
        {
            definition.Append('\0').Append(input.Digest.ToString());
        }

        return new Vertex(Digest.Compute(Encoding.UTF8.GetBytes(definition.ToString())), name, [.. inputs.Select(i => new Edge(i))], op, ignoreCache);
    }
}

/// <summary>Resolves fake vertices and counts what ran; its result store plays the role of snapshots on disk.</summary>
public sealed class FakeResolver : IOperationResolver, IResultStore
{
    private readonly ConcurrentDictionary<string, int> executions = new(StringComparer.Ordinal);
    private int running;
    private int maxRunning;

    public ConcurrentDictionary<string, FakeResult> Stored { get; } = new(StringComparer.Ordinal);

    public IResultStore Results => this;

    public int MaxConcurrent => Volatile.Read(ref maxRunning);

    public ConcurrentBag<string> Cancelled { get; } = [];

    public int Executions(string name) => executions.TryGetValue(name, out var count) ? count : 0;

    public int TotalExecutions => executions.Values.Sum();

    public IReadOnlyList<string> Executed => [.. executions.Where(e => e.Value > 0).Select(e => e.Key).Order(StringComparer.Ordinal)];

    public void ResetCounts() => executions.Clear();

    public IOperation Resolve(Vertex vertex) => new Operation(this, vertex, (FakeOp)vertex.Payload!);

    public ValueTask<IResult?> TryLoadAsync(CachedResult cached, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IResult?>(Stored.TryGetValue(cached.Id, out var result) ? result : null);

    private sealed class Operation(FakeResolver owner, Vertex vertex, FakeOp op) : IOperation
    {
        public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken)
        {
            var map = new CacheMap(Digest.Compute(Encoding.UTF8.GetBytes($"fake\0{op.Value}\0{op.Revision}")));
            if (op.ContentKeys)
            {
                map = map with
                {
                    Inputs = [.. vertex.Inputs.Select(_ => new CacheMapInput
                    {
                        ComputeContentDigest = (result, _, _) => Task.FromResult(Digest.Compute(Encoding.UTF8.GetBytes(((FakeResult)result).Content))),
                    })],
                };
            }

            return Task.FromResult(map);
        }

        public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
        {
            owner.executions.AddOrUpdate(vertex.Name, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref owner.running);
            int seen;
            while ((seen = Volatile.Read(ref owner.maxRunning)) < now && Interlocked.CompareExchange(ref owner.maxRunning, now, seen) != seen)
            {
            }

            try
            {
                context.Progress.WriteLine($"running {vertex.Name}");
                if (op.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(op.Delay, cancellationToken);
                }

                if (op.Gate is { } gate)
                {
                    await gate(cancellationToken);
                }

                if (op.Fail is { } message)
                {
                    throw new InvalidOperationException(message);
                }

                var content = $"{op.Value}({string.Join(",", inputs.Cast<FakeResult>().Select(r => r.Content))})";
                var result = new FakeResult($"{vertex.Name}-{Guid.NewGuid():N}", content);
                owner.Stored[result.Id] = result;
                return [result];
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                owner.Cancelled.Add(vertex.Name);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref owner.running);
            }
        }
    }
}
