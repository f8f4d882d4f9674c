using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

/// <summary>A manifest or index exactly as the registry holds it: its bytes, media type and digest.</summary>
public sealed record RegistryManifest(ReadOnlyMemory<byte> Bytes, MediaType MediaType, Digest Digest)
{
    /// <summary>A manifest to push: the digest is the sha256 of the bytes.</summary>
    public static RegistryManifest Create(ReadOnlyMemory<byte> bytes, MediaType mediaType) =>
        new(bytes, mediaType, Digest.Compute(bytes.Span));

    public long Size => Bytes.Length;

    /// <summary>The descriptor that points at this manifest.</summary>
    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest, Size = Size };

    public override string ToString() => $"{MediaType} {Digest} ({Size} bytes)";
}
