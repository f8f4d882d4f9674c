using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>Progress of one task inside a vertex, such as a layer being pulled (<c>VertexStatus</c>).</summary>
/// <param name="Id">The task, such as <c>sha256:…</c> of a blob or <c>resolve …</c>.</param>
/// <param name="Vertex">The vertex it belongs to.</param>
/// <param name="Name">A display name, often empty.</param>
/// <param name="Current">Units done (bytes for transfers).</param>
/// <param name="Total">Units expected, 0 when unknown.</param>
/// <param name="Timestamp">When this update was taken.</param>
/// <param name="Started">When the task started.</param>
/// <param name="Completed">When the task completed.</param>
public sealed record BuildKitVertexProgress(
    string Id,
    Digest Vertex,
    string Name,
    long Current,
    long Total,
    DateTimeOffset? Timestamp,
    DateTimeOffset? Started,
    DateTimeOffset? Completed);
