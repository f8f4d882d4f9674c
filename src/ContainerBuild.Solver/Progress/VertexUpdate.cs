using ContainerBuild.Oci;

namespace ContainerBuild.Solver.Progress;

/// <summary>A vertex's state: started, completed (with cached or an error). BuildKit's <c>client.Vertex</c>.</summary>
public sealed record VertexUpdate
{
    /// <summary>The text BuildKit's printers recognise as a cancelled vertex (Go's <c>context.Canceled</c>).</summary>
    public const string CanceledError = "context canceled";

    public required Digest Digest { get; init; }

    public IReadOnlyList<Digest> Inputs { get; init; } = [];

    public string Name { get; init; } = "";

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Completed { get; init; }

    public bool Cached { get; init; }

    public string? Error { get; init; }
}
