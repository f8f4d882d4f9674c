using System.Collections.Concurrent;
using System.Text;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Tests.Cache;

/// <summary>A result held as one blob of the content store: what the cache stores and prune frees.</summary>
internal sealed record BlobResult(Descriptor Blob) : IResult
{
    public string Id => Blob.Digest.ToString();

    public long Size => Blob.Size;

    public IReadOnlyList<Descriptor> Blobs => [Blob];
}

/// <summary>What a test vertex does: writes its value and its inputs' contents (padded to a size) as a blob.</summary>
internal sealed record BlobOp(string Value, int Size = 64, Func<CancellationToken, Task>? Gate = null);

/// <summary>Ops whose results are blobs in a real content store, with execution counters.</summary>
internal sealed class BlobOps(ContentStore store) : IOperationResolver, IResultStore
{
    private readonly ConcurrentDictionary<string, int> executions = new(StringComparer.Ordinal);

    public IResultStore Results => this;

    public ContentStore Store => store;

    public Func<Vertex, Func<CancellationToken, Task>?>? GateFor { get; set; }

    public IReadOnlyList<string> Executed => [.. executions.Keys.Order(StringComparer.Ordinal)];

    public int Executions => executions.Values.Sum();

    public void ResetSeen() => executions.Clear();

    public IOperation Resolve(Vertex vertex) => new Operation(this, vertex, (BlobOp)vertex.Payload!);

    public ValueTask<IResult?> TryLoadAsync(CachedResult cached, CancellationToken cancellationToken)
    {
        var blob = cached.Blobs.Single();
        return ValueTask.FromResult<IResult?>(store.Exists(blob.Digest) ? new BlobResult(blob) : null);
    }

    public static Vertex Node(string name, BlobOp op, params Vertex[] inputs)
    {
        var definition = new StringBuilder($"{name}\0{op.Value}\0{op.Size}");
        foreach (var input in inputs)
        {
            definition.Append('\0').Append(input.Digest.ToString());
        }

        return new Vertex(Digest.Compute(Encoding.UTF8.GetBytes(definition.ToString())), name, [.. inputs.Select(i => new Edge(i))], op);
    }

    /// <summary>base -> (app, tools) -> image: the graph the cache tests solve; <paramref name="app"/> varies.</summary>
    public static Vertex Graph(string app = "app-v1", int size = 64)
    {
        var root = Node("base", new BlobOp("base", size));
        var appLayer = Node("app", new BlobOp(app, size), root);
        var tools = Node("tools", new BlobOp("tools", size), root);
        return Node("image", new BlobOp("image", size), appLayer, tools);
    }

    private sealed class Operation(BlobOps owner, Vertex vertex, BlobOp op) : IOperation
    {
        public Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new CacheMap(Digest.Compute(Encoding.UTF8.GetBytes($"blob\0{op.Value}\0{op.Size}"))));

        public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
        {
            owner.executions.AddOrUpdate(vertex.Name, 1, (_, n) => n + 1);
            if ((op.Gate ?? owner.GateFor?.Invoke(vertex)) is { } gate)
            {
                await gate(cancellationToken);
            }

            var text = $"{op.Value}({string.Join(",", inputs.Select(i => i.Id))})";
            var bytes = Encoding.UTF8.GetBytes(text.PadRight(op.Size, '.'));
            var written = await owner.Store.WriteAsync(bytes, cancellationToken: cancellationToken);
            return [new BlobResult(new Descriptor { MediaType = MediaType.OciLayer, Digest = written.Digest, Size = written.Size })];
        }
    }
}

/// <summary>A clock tests move by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
