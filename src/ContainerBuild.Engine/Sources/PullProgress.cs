using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>Byte progress of one layer's download from its registry.</summary>
public readonly record struct PullProgress(Digest Digest, long BytesReceived, long TotalBytes);
