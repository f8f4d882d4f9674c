using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>What a write stored: the blob's digest and size, and whether the blob was there already.</summary>
public sealed record WrittenContent(Digest Digest, long Size, bool AlreadyExisted);
