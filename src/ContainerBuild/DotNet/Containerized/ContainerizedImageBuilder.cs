using System.Collections.Immutable;
using System.Text;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// <c>dotnet publish -p:ContainerBuildInContainer=true</c>'s one call into the orchestration: the containerized build of a
/// project (<see cref="ContainerizedBuildService"/>) with the image settings and outputs the MSBuild host computed
/// (<see cref="ContainerizedBuildRequest.ImageSettings"/>: registry, archive or local daemon, tags, compression, image
/// format, annotations), answered in the shape of the host publish path's result (<see cref="DotNetImageResult"/>), so
/// the task sets the same <c>GeneratedContainer*</c> outputs either way.
/// </summary>
public sealed class ContainerizedImageBuilder
{
    private readonly TimeProvider clock;

    public ContainerizedImageBuilder(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <exception cref="ArgumentException">No <see cref="ContainerizedBuildRequest.ImageSettings"/>, or settings the host should have refused.</exception>
    public async Task<DotNetImageResult> BuildAsync(ContainerizedBuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.ImageSettings ?? throw new ArgumentException("A containerized image publish needs the host's image settings.", nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Repository);
        var plan = await ContainerizedBuildService.PlanAsync(request, cancellationToken).ConfigureAwait(false);
        var several = plan.Targets.Count > 1;
        var oci = UsesOciMediaTypes(settings, plan.Targets[0].BaseManifestMediaType);
        var image = DotNetImageOutputs.ImageOptions(settings, oci, several);
        var outputs = DotNetImageOutputs.For(settings with { Environment = request.Environment }, image, ociArchive: oci || several);
        if (outputs.ArchivePath is { } archive)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        }

        var built = await new ContainerizedBuildService(clock).BuildAsync(plan, request with { Outputs = [outputs.Output] }, cancellationToken).ConfigureAwait(false);
        var build = built.Build;
        var first = build.Manifests[0];
        var blobs = build.Outputs[0].Image.Blobs;
        return new DotNetImageResult
        {
            Build = build,
            MediaType = build.Root.MediaType.Value!,
            ManifestJson = Encoding.UTF8.GetString(await blobs.ReadAllBytesAsync(first.Manifest, cancellationToken).ConfigureAwait(false)),
            ConfigJson = Encoding.UTF8.GetString(await blobs.ReadAllBytesAsync(first.Config, cancellationToken).ConfigureAwait(false)),
            Names = outputs.Names,
            ArchiveOutputPath = outputs.ArchivePath,
            User = plan.Targets[0].Config.User,
            Ports = plan.Targets[0].Config.Ports,
        };
    }

    // ContainerImageFormat, else the base's format; Docker's media types have no zstd or uncompressed layer, so those take OCI's.
    private static bool UsesOciMediaTypes(DotNetImageRequest settings, MediaType baseManifest)
    {
        var format = settings.ImageFormat?.Trim().ToUpperInvariant();
        var oci = format switch
        {
            null or "" => baseManifest != MediaType.DockerManifest,
            "OCI" => true,
            "DOCKER" => false,
            _ => throw new ArgumentException($"ContainerImageFormat '{settings.ImageFormat}' is not known: use OCI or Docker.", nameof(settings)),
        };
        if (!oci && settings.Compression != LayerCompression.Gzip)
        {
            return format == "DOCKER"
                ? throw new ArgumentException($"ContainerImageFormat Docker has no media type for {settings.Compression} layers: use gzip compression, or the OCI format.", nameof(settings))
                : true;
        }

        return oci;
    }
}
