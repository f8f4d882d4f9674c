using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>What an export did: the root it exported, and where to.</summary>
public abstract record ExportResult(Descriptor Root);

/// <summary>An OCI layout directory or archive was written.</summary>
public sealed record OciLayoutResult(Descriptor Root, string Path, int BlobCount) : ExportResult(Root);

/// <summary>A docker-archive tar was written: the one platform's manifest, and the config digest Docker uses as the image id.</summary>
public sealed record DockerArchiveResult(Descriptor Root, Descriptor Manifest, Digest ImageId, IReadOnlyList<string> RepoTags) : ExportResult(Root);

/// <summary><c>docker load</c> (or <c>podman load</c>) took the image; <see cref="Loaded"/> is what it printed it loaded.</summary>
public sealed record DockerLoadResult(Descriptor Root, Descriptor Manifest, Digest ImageId, IReadOnlyList<string> Loaded) : ExportResult(Root);

/// <summary>A root filesystem was unpacked: the manifest used and how many entries its layers applied.</summary>
public sealed record LocalDirectoryResult(Descriptor Root, Descriptor Manifest, string Path, int EntryCount) : ExportResult(Root);

/// <summary>An image pushed under one name: its digest, and what each blob push did.</summary>
public sealed record PushedImage(ImageReference Name, Digest Digest, IReadOnlyList<BlobPushResult> Blobs)
{
    /// <summary>Layer and config bytes that went over the wire for this name (0 when everything existed or was mounted).</summary>
    public long BytesUploaded => Blobs.Sum(b => b.BytesSent);
}

/// <summary>The image was pushed under every name.</summary>
public sealed record RegistryPushResult(Descriptor Root, IReadOnlyList<PushedImage> Images) : ExportResult(Root)
{
    public long BytesUploaded => Images.Sum(i => i.BytesUploaded);
}

/// <summary>A root filesystem tar was written (<c>-</c> for a stream): how many entries it holds.</summary>
public sealed record FilesystemTarResult(Descriptor Root, string Path, int EntryCount) : ExportResult(Root);
