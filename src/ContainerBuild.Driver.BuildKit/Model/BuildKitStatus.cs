namespace ContainerBuild.Driver.BuildKit;

/// <summary>One message of BuildKit's status stream: what changed since the previous one.</summary>
public sealed record BuildKitStatus(
    IReadOnlyList<BuildKitVertex> Vertexes,
    IReadOnlyList<BuildKitVertexProgress> Statuses,
    IReadOnlyList<BuildKitVertexLog> Logs,
    IReadOnlyList<BuildKitVertexWarning> Warnings);
