using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>A chunk of a vertex's output (<c>VertexLog</c>).</summary>
/// <param name="Vertex">The vertex that wrote it.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="Stream">1 for stdout, 2 for stderr.</param>
/// <param name="Message">The bytes as written; a chunk need not end at a line break.</param>
public sealed record BuildKitVertexLog(Digest Vertex, DateTimeOffset? Timestamp, int Stream, ReadOnlyMemory<byte> Message);
