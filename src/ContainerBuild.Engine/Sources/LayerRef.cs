using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Sources;

/// <summary>
/// One layer of a filesystem state, by reference: its blob (digest, size, and the media type that says how it is
/// compressed), the digest of its uncompressed tar, and where its bytes can be had. Nothing here holds the bytes.
/// </summary>
/// <param name="Blob">The layer blob's descriptor, as a manifest lists it.</param>
/// <param name="DiffId">The sha256 of the uncompressed tar, as the image config's <c>rootfs.diff_ids</c> lists it.</param>
/// <param name="Origin">
/// The registry repository that serves the blob, so a push to the same registry mounts it from there; null when only
/// the content store holds it (a layer this build made).
/// </param>
public sealed record LayerRef(Descriptor Blob, Digest DiffId, RepositoryAddress? Origin = null)
{
    /// <summary>The blob's digest (the compressed bytes).</summary>
    public Digest Digest => Blob.Digest;

    /// <summary>The blob's media type (which says its compression).</summary>
    public MediaType MediaType => Blob.MediaType;

    public override string ToString() => Origin is { } origin ? $"{DiffId} ({Blob.Digest} in {origin})" : $"{DiffId} ({Blob.Digest})";
}
