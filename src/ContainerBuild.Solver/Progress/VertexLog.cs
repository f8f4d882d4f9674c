using ContainerBuild.Oci;

namespace ContainerBuild.Solver.Progress;

/// <summary>Output a vertex wrote (1 = stdout, 2 = stderr); lines may be split across entries. BuildKit's <c>client.VertexLog</c>.</summary>
public sealed record VertexLog
{
    public required Digest Vertex { get; init; }

    public int Stream { get; init; }

    public required ReadOnlyMemory<byte> Data { get; init; }

    public required DateTimeOffset Timestamp { get; init; }
}
