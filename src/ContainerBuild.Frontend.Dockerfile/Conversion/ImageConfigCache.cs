using System.Collections.Concurrent;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>Each base image resolved once per platform for the whole conversion, however many stages and platforms name it.</summary>
internal sealed class ImageConfigCache(IImageConfigResolver resolver, ImageResolveMode mode)
{
    private readonly ConcurrentDictionary<(string Reference, string Platform), Lazy<Task<ResolvedImageConfig>>> resolved = new();

    public ImageResolveMode Mode => mode;

    public Task<ResolvedImageConfig> ResolveAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken) =>
        resolved.GetOrAdd(
            (reference.ToString(), PlatformArgs.Format(platform)),
            _ => new Lazy<Task<ResolvedImageConfig>>(() => resolver.ResolveAsync(reference, platform, mode, cancellationToken))).Value;
}
