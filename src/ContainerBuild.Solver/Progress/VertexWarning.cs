using ContainerBuild.Oci;

namespace ContainerBuild.Solver.Progress;

/// <summary>A warning about a vertex. BuildKit's <c>client.VertexWarning</c> (without source ranges).</summary>
public sealed record VertexWarning
{
    public required Digest Vertex { get; init; }

    public int Level { get; init; }

    public required string Short { get; init; }

    public IReadOnlyList<string> Detail { get; init; } = [];

    public string? Url { get; init; }
}
