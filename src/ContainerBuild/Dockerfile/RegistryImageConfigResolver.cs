using System.Collections.Concurrent;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Frontend.Dockerfile;
using ContainerBuild.Graph;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// Base image configs for the Dockerfile frontend from the engine's image sources (manifest and config only, kept in
/// the store, so the solve that follows finds them there), each shown as <c>[internal] load metadata for IMAGE</c>.
/// Each image and platform is resolved once per build. Thread-safe.
/// </summary>
internal sealed class RegistryImageConfigResolver(ImageSourceResolver images, IProgressSink sink, TimeProvider clock, bool forcePull, bool namePlatforms)
    : IImageConfigResolver
{
    private readonly ConcurrentDictionary<(ImageReference, Platform), Lazy<Task<ResolvedImageConfig>>> resolved = new();

    public Task<ResolvedImageConfig> ResolveAsync(ImageReference reference, Platform platform, ImageResolveMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var sourceMode = forcePull || mode == ImageResolveMode.ForcePull ? SourceResolveMode.Pull : SourceResolveMode.Default;
        return resolved.GetOrAdd(
            (reference.WithDefaultTag(), platform.Normalize()),
            key => new Lazy<Task<ResolvedImageConfig>>(() => LoadAsync(key.Item1, key.Item2, sourceMode, cancellationToken))).Value;
    }

    private async Task<ResolvedImageConfig> LoadAsync(ImageReference reference, Platform platform, SourceResolveMode mode, CancellationToken cancellationToken)
    {
        var vertex = new HostVertex(sink, clock, $"[{(namePlatforms ? platform + " " : "")}internal] load metadata for {reference}");
        try
        {
            var image = await images.ResolveAsync(reference, platform, mode, cancellationToken).ConfigureAwait(false);
            vertex.Complete();
            return new ResolvedImageConfig(image.Manifest.Digest, image.Config);
        }
        catch (Exception e)
        {
            vertex.Complete(e);
            throw;
        }
    }
}
