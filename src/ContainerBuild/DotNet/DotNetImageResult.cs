using ContainerBuild.Build;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// What a .NET image build made, in the shape of the SDK's <c>GeneratedContainer*</c> outputs: the root digest and
/// media type, the manifest and config JSON (of the first platform), the names it went out under, and the archive path.
/// </summary>
public sealed record DotNetImageResult
{
    public required BuildResult Build { get; init; }

    public Digest Digest => Build.ImageDigest;

    public required string MediaType { get; init; }

    public required string ManifestJson { get; init; }

    public required string ConfigJson { get; init; }

    /// <summary>Full names (<c>registry/repository:tag</c>) pushed or loaded.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    public string? ArchiveOutputPath { get; init; }

    /// <summary>The effective user and ports, after the base image's APP_UID and ASPNETCORE_* were applied.</summary>
    public string? User { get; init; }

    public IReadOnlyList<string> Ports { get; init; } = [];
}
