using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>A blob in the store: its digest, size, and when a build last used it (for prune).</summary>
public sealed record ContentInfo(Digest Digest, long Size, DateTimeOffset LastUsed);
