using ContainerBuild.Oci;

namespace ContainerBuild.Solver.Progress;

/// <summary>Progress of one task inside a vertex (a pull, a push, a transfer), in bytes or items. BuildKit's <c>client.VertexStatus</c>.</summary>
public sealed record VertexStatus
{
    /// <summary>What the task is: a blob digest, <c>transferring context:</c>, ...</summary>
    public required string Id { get; init; }

    public required Digest Vertex { get; init; }

    public string? Name { get; init; }

    public long Total { get; init; }

    public long Current { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Completed { get; init; }
}
