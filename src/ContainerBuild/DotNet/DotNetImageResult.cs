using ContainerBuild.Build;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// What a .NET image build made, in the shape of the SDK's <c>GeneratedContainer*</c> outputs: the root digest and
/// media type, the manifest and config JSON (of the first platform), the names it went out under, and the archive path.
/// When the request's fingerprint showed nothing changed (<see cref="Unchanged"/>), no build ran: <see cref="Build"/>
/// then describes the earlier build's image (its root, manifests and metadata) with nothing executed and no outputs.
/// </summary>
public sealed record DotNetImageResult
{
    public required BuildResult Build { get; init; }

    public Digest Digest => Build.ImageDigest;

    public required string MediaType { get; init; }

    public required string ManifestJson { get; init; }

    public required string ConfigJson { get; init; }

    /// <summary>The root document's JSON: the manifest for one platform, the index for several; null when not kept.</summary>
    public string? RootJson { get; init; }

    /// <summary>Full names (<c>registry/repository:tag</c>) pushed or loaded.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    public string? ArchiveOutputPath { get; init; }

    /// <summary>The effective user and ports, after the base image's APP_UID and ASPNETCORE_* were applied.</summary>
    public string? User { get; init; }

    public IReadOnlyList<string> Ports { get; init; } = [];

    /// <summary>
    /// The fingerprint in the staging directory matched and every output was still there (<see cref="DotNetImageFingerprint"/>):
    /// the earlier result came back without solving or exporting anything.
    /// </summary>
    public bool Unchanged { get; init; }

    /// <summary>Why the fingerprint was used or not, as one line for a low-importance log; null without a staging directory.</summary>
    public string? FingerprintNote { get; init; }
}
