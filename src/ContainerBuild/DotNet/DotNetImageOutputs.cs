using System.Collections.Immutable;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// Where a .NET image goes, as the SDK decides it: <c>ContainerArchiveOutputPath</c> writes an archive (a docker-archive
/// for the Docker format, an OCI archive for OCI or several platforms); else <c>ContainerRegistry</c> pushes under every
/// tag; else the image is loaded into the local Docker or Podman (<c>LocalRegistry</c>, else whichever is on PATH,
/// Docker first).
/// </summary>
/// <param name="Output">The build's one output.</param>
/// <param name="Names">The names the image goes out under, as the SDK reports them.</param>
/// <param name="ArchivePath">The archive file, when the output is one.</param>
public sealed record DotNetImageOutputs(ExportOutput Output, IReadOnlyList<string> Names, string? ArchivePath)
{
    /// <param name="request">The request.</param>
    /// <param name="image">How the image is made (compression, media types, annotations); names are set here.</param>
    /// <param name="ociArchive">Whether an archive is an OCI one (the format is OCI, or the image has several platforms).</param>
    /// <exception cref="ArgumentException">An invalid repository, tag, registry or <c>LocalRegistry</c>.</exception>
    /// <summary>The image export options of a request (compression, media types, build info, annotations), the same for the host and containerized paths.</summary>
    /// <param name="request">The request (only its export settings are read).</param>
    /// <param name="ociMediaTypes">Whether the image uses OCI media types.</param>
    /// <param name="several">Whether there are several platforms (an index, which takes the index annotations).</param>
    public static ImageExportOptions ImageOptions(DotNetImageRequest request, bool ociMediaTypes, bool several)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ImageExportOptions
        {
            Compression = request.Compression,
            CompressionLevel = request.CompressionLevel,
            ForceCompression = request.ForceCompression,
            OciMediaTypes = ociMediaTypes,
            RewriteTimestamp = true,
            BuildInfo = request.BuildInfo ? BuildInfoMode.Minimal : BuildInfoMode.Omit,
            Annotations = new ImageAnnotations
            {
                Manifest = request.ManifestAnnotations.ToImmutableSortedDictionary(StringComparer.Ordinal),
                Index = several ? request.IndexAnnotations.ToImmutableSortedDictionary(StringComparer.Ordinal) : ImageAnnotations.None.Index,
            },
        };
    }

    public static DotNetImageOutputs For(DotNetImageRequest request, ImageExportOptions image, bool ociArchive)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(image);
        var registry = string.IsNullOrWhiteSpace(request.Registry) ? null : request.Registry.Trim().TrimEnd('/');
        var tags = request.Tags.Count == 0 ? ["latest"] : request.Tags;
        var references = tags.Distinct(StringComparer.Ordinal).Select(tag => Reference(registry, request.Repository, tag)).ToList();

        if (!string.IsNullOrWhiteSpace(request.ArchiveOutputPath))
        {
            var path = ArchiveFile(request.ArchiveOutputPath, request.Repository);
            var archive = new ExportOutput
            {
                Type = ociArchive ? OutputType.Oci : OutputType.Docker,
                Destination = path,
                Image = image with { Names = references },
            };
            return new DotNetImageOutputs(archive, [.. references.Select(r => Display(r, registry))], path);
        }

        if (registry is not null)
        {
            var push = new ExportOutput { Type = OutputType.Image, Image = image with { Names = references, Push = true } };
            return new DotNetImageOutputs(push, [.. references.Select(r => r.ToString())], null);
        }

        var load = new ExportOutput
        {
            Type = OutputType.Docker,
            LoadClient = LoadClient(request.LocalRegistry, request.Environment),
            Image = image with { Names = references },
        };
        return new DotNetImageOutputs(load, [.. references.Select(r => Display(r, null))], null);
    }

    /// <summary>
    /// The archive's file: the path as given, or <c>&lt;repository&gt;.tar.gz</c> inside it when it is a folder or ends
    /// with a separator (the SDK's name; the file is a tar holding compressed layers, as the SDK's is).
    /// </summary>
    public static string ArchiveFile(string archiveOutputPath, string repository)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(archiveOutputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        var full = Path.GetFullPath(archiveOutputPath);
        return Path.EndsInDirectorySeparator(archiveOutputPath) || archiveOutputPath.EndsWith('/') || Directory.Exists(full)
            ? Path.Combine(full, repository + ".tar.gz")
            : full;
    }

    /// <summary>The program that loads into the local daemon: <c>docker</c> or <c>podman</c>, found on the host's PATH.</summary>
    /// <exception cref="ArgumentException"><paramref name="localRegistry"/> is neither Docker nor Podman.</exception>
    public static string LoadClient(string? localRegistry, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string[] candidates = localRegistry?.Trim().ToUpperInvariant() switch
        {
            null or "" => ["docker", "podman"],
            "DOCKER" => ["docker"],
            "PODMAN" => ["podman"],
            _ => throw new ArgumentException($"LocalRegistry '{localRegistry}' is not known: use Docker or Podman.", nameof(localRegistry)),
        };
        var path = environment.TryGetValue("PATH", out var value) ? value ?? "" : "";
        foreach (var candidate in candidates)
        {
            foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var file = Path.Combine(directory, candidate);
                if (File.Exists(file))
                {
                    return file;
                }
            }
        }

        // Not found (or no PATH given): the client then looks on its own, and a failed load says to install one.
        return candidates[0];
    }

    private static ImageReference Reference(string? registry, string repository, string tag)
    {
        var text = registry is null ? $"{repository}:{tag}" : $"{registry}/{repository}:{tag}";
        return ImageReference.TryParse(text, out var reference)
            ? reference
            : throw new ArgumentException($"'{text}' is not a valid image name: check ContainerRegistry, ContainerRepository and the tags.", nameof(repository));
    }

    // A name without a registry keeps Docker's short form (samples/webapi:1), as docker images shows it.
    private static string Display(ImageReference reference, string? registry) => registry is null ? reference.ToFamiliarString() : reference.ToString();
}
