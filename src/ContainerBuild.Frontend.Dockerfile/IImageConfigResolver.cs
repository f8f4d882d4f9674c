using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile;

/// <summary>
/// Resolves a base image's config while converting (BuildKit's ResolveImageConfig): the frontend needs the base's
/// env, user, working directory and shell to expand variables and carry metadata. The host implements it over the
/// engine's image sources (manifest and config only; no layer is downloaded).
/// </summary>
public interface IImageConfigResolver
{
    Task<ResolvedImageConfig> ResolveAsync(ImageReference reference, Platform platform, ImageResolveMode mode, CancellationToken cancellationToken);
}

/// <summary>A resolved image: the digest of the platform's manifest and its config.</summary>
public sealed record ResolvedImageConfig(Digest ManifestDigest, ImageConfig Config);
