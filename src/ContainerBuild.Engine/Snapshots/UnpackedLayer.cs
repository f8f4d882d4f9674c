using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Snapshots;

/// <summary>
/// One layer unpacked alone into a directory, its OCI whiteout files (<c>.wh.*</c>) kept as they are in the tar, for a
/// union mount to stack (read-only by contract).
/// </summary>
/// <param name="DiffId">The layer's diff id.</param>
/// <param name="Path">The directory holding the layer's files.</param>
/// <param name="Extracted">Whether this call extracted it (false: it was there already).</param>
public sealed record UnpackedLayer(Digest DiffId, string Path, bool Extracted);
