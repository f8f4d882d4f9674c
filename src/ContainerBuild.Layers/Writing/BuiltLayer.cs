using ContainerBuild.Oci;

namespace ContainerBuild.Layers;

/// <summary>What writing a layer produced: the diff id of the tar, and the digest and size of the blob.</summary>
public sealed record BuiltLayer(Digest DiffId, Digest Digest, long Size, MediaType MediaType, long UncompressedSize)
{
    /// <summary>The descriptor a manifest lists for this blob.</summary>
    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest, Size = Size };
}
