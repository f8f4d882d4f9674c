using ContainerBuild.Engine.Export;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Exporting;

/// <summary>Sends an exported image to an output with the image core's exporters (push, OCI, docker archive or load, local folder).</summary>
public static class ImageOutputs
{
    /// <summary>Runs the output's exporters; an image output that does not push has nothing to do (the image is in the store).</summary>
    public static async Task<IReadOnlyList<ExportResult>> ExportAsync(ExportOutput output, ExportedImage image, OutputContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(context);
        var names = output.Image.Names;
        var first = new DockerArchiveOptions { Platform = image.Manifests[0].Platform, TempDirectory = context.TempDirectory };
        var results = new List<ExportResult>();
        switch (output.Type)
        {
            case OutputType.Image when output.Image.Push:
                var pushNames = output.PushByDigest ? [.. names.Select(n => n.WithoutTagOrDigest())] : names;
                results.Add(await AlreadyTaggedAsync(image.Root, pushNames, context, cancellationToken).ConfigureAwait(false)
                    ?? await new RegistryExporter(context.Clients, context.PushProgress).ExportAsync(image.ToExport(pushNames), cancellationToken).ConfigureAwait(false));
                break;
            case OutputType.Image:
                break;
            case OutputType.Oci:
                IImageExporter oci = output.Tar ? new OciArchiveExporter(output.Destination!) : new OciLayoutExporter(output.Destination!);
                results.Add(await oci.ExportAsync(image.ToExport(names), cancellationToken).ConfigureAwait(false));
                break;
            case OutputType.Docker when output.Destination is { } archive:
                results.Add(await new DockerArchiveExporter(archive, first).ExportAsync(image.ToExport(names), cancellationToken).ConfigureAwait(false));
                break;
            case OutputType.Docker:
                var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
                if (output.DockerContext is { } dockerContext)
                {
                    environment["DOCKER_CONTEXT"] = dockerContext;
                }

                var load = new DockerLoadOptions { Client = output.LoadClient, Environment = environment, Archive = first };
                results.Add(await new DockerLoadExporter(load).ExportAsync(image.ToExport(names), cancellationToken).ConfigureAwait(false));
                break;
            case OutputType.Local:
                foreach (var manifest in image.Manifests)
                {
                    var directory = image.Manifests.Count == 1 ? output.Destination! : Path.Combine(output.Destination!, FolderName(manifest.Platform));
                    var local = new LocalDirectoryExporter(directory, first with { Platform = manifest.Platform });
                    results.Add(await local.ExportAsync(image.ToExport(names), cancellationToken).ConfigureAwait(false));
                }

                break;
            case OutputType.Tar when output.Destination == "-":
                var stdout = context.StandardOutput ?? throw new ExportException("The tar output to '-' needs a standard output stream from the host: give dest=FILE.");
                results.Add(await new FilesystemTarExporter(stdout).ExportAsync(image.ToExport(names), cancellationToken).ConfigureAwait(false));
                break;
            case OutputType.Tar:
                results.Add(await new FilesystemTarExporter(output.Destination!).ExportAsync(image.ToExport(names), cancellationToken).ConfigureAwait(false));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(output), output.Type, "Not an output type.");
        }

        return results;
    }

    /// <summary>
    /// A push whose every tag already points at this very root (a rebuild with nothing changed): the registry accepted
    /// that manifest, so it holds every blob, and one HEAD per name replaces a HEAD per blob and the manifest PUTs.
    /// </summary>
    private static async Task<RegistryPushResult?> AlreadyTaggedAsync(
        Descriptor root, IReadOnlyList<ImageReference> names, OutputContext context, CancellationToken cancellationToken)
    {
        if (names.Count == 0 || names.Any(n => n.Tag is null))
        {
            return null;
        }

        foreach (var name in names)
        {
            try
            {
                var current = await context.Clients.Get(name.Registry).TryHeadManifestAsync(name.Repository, name.Tag!, cancellationToken).ConfigureAwait(false);
                if (current?.Digest != root.Digest)
                {
                    return null;
                }
            }
            catch (ManifestNotFoundException)
            {
                return null;
            }
        }

        return new RegistryPushResult(root, [.. names.Select(n => new PushedImage(n, root.Digest, []))]);
    }

    // BuildKit's platform-split folder names: linux_amd64, linux_arm_v7.
    private static string FolderName(Platform platform) => platform.ToString().Replace('/', '_');
}
