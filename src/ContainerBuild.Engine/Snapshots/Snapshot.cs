using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Snapshots;

/// <summary>
/// A layer chain unpacked into a directory: the whole filesystem of a state, read-only by contract (files may be hard
/// links shared with other snapshots: never write into one).
/// </summary>
/// <param name="ChainId">The chain id of the layers it holds; null for <c>scratch</c> (an empty directory).</param>
/// <param name="Path">The root of the filesystem.</param>
/// <param name="LayersExtracted">How many layers this call extracted to make it; 0 when it was there already.</param>
public sealed record Snapshot(Digest? ChainId, string Path, int LayersExtracted);
