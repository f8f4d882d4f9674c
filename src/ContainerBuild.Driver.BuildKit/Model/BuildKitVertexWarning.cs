using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>A warning a vertex raised (<c>VertexWarning</c>, BuildKit v0.10 and later).</summary>
/// <param name="Vertex">The vertex it is about.</param>
/// <param name="Level">BuildKit's level number.</param>
/// <param name="Short">The one-line text.</param>
/// <param name="Detail">Further lines.</param>
/// <param name="Url">A page that explains it, if any.</param>
public sealed record BuildKitVertexWarning(Digest Vertex, long Level, string Short, IReadOnlyList<string> Detail, string? Url);
