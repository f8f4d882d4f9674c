using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using ContainerBuild.Build;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>
/// Builds a .NET app's image (DESIGN decisions 7 and 10): resolves the base image's config for each platform (manifest
/// and config only), computes the SDK's config from it (<see cref="DotNetImageConfig"/>), gathers each layer's files
/// into a folder of its own (<see cref="LayerStaging"/>), builds one graph per platform (<see cref="DotNetImageGraph"/>)
/// and solves and exports them through <see cref="BuildService"/>, as every other build does. With a staging directory,
/// a republish with nothing changed and every output still in place returns the last result without building
/// (<see cref="DotNetImageFingerprint"/>, <see cref="DotNetImageResult.Unchanged"/>).
/// Errors: <see cref="ArgumentException"/> for a request the host should have refused; the registry's typed exceptions
/// (<see cref="Registry.RegistryException"/>) and <see cref="ImageSourceException"/> for the base image; the build service's
/// for the build and its output.
/// </summary>
public sealed class DotNetImageBuilder
{
    private static readonly TimeSpan StagingLockTimeout = TimeSpan.FromMinutes(30);

    private readonly TimeProvider clock;

    public DotNetImageBuilder(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    public async Task<DotNetImageResult> BuildAsync(DotNetImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Platforms.Count == 0)
        {
            throw new ArgumentException("A .NET image needs at least one platform's published files.", nameof(request));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(request.Repository);
        var baseName = ImageReference.TryParse(request.BaseImage, out var parsed)
            ? parsed.WithDefaultTag()
            : throw new ArgumentException($"ContainerBaseImage '{request.BaseImage}' is not an image name: write [REGISTRY/]REPOSITORY[:TAG], such as mcr.microsoft.com/dotnet/runtime:10.0.", nameof(request));

        // The no-op republish touches only the fingerprint's few types and a registry client, never the engine.
        var fingerprint = DotNetImageFingerprint.For(request);
        if (fingerprint is null)
        {
            return (await BuildImageAsync(request, baseName, cancellationToken).ConfigureAwait(false)).Result;
        }

        if (await fingerprint.CheckAsync(cancellationToken).ConfigureAwait(false) is { } unchanged)
        {
            return unchanged;
        }

        fingerprint.Forget();
        var built = await BuildImageAsync(request with { PullBaseImage = request.PullBaseImage || fingerprint.BaseMoved }, baseName, cancellationToken).ConfigureAwait(false);
        fingerprint.Record(built.Result, baseName, built.BaseRoot, built.Outputs);
        return built.Result with { FingerprintNote = fingerprint.Note };
    }

    private async Task<BuiltImage> BuildImageAsync(DotNetImageRequest request, ImageReference baseName, CancellationToken cancellationToken)
    {
        var environment = request.Environment;
        var store = new ContentStore(request.StoreRoot ?? ContentStoreOptions.FromEnvironment(environment).Root);

        var bases = await ResolveBasesAsync(request, baseName, store, cancellationToken).ConfigureAwait(false);
        var configs = bases.Select(b => DotNetImageConfig.For(request, b.Config, baseName, b.Manifest.Digest)).ToList();
        var oci = UsesOciMediaTypes(request, bases[0]);
        var several = request.Platforms.Count > 1;
        var image = DotNetImageOutputs.ImageOptions(request, oci, several);
        var outputs = DotNetImageOutputs.For(request, image, ociArchive: oci || several);
        if (outputs.ArchivePath is { } archive)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        }

        var stagingRoot = Path.GetFullPath(request.StagingDirectory ?? Path.Combine(store.Root, "dotnet", "staging", ShortHash(request.Repository)));
        using var staging = await store.LockAsync("dotnet-staging-" + ShortHash(stagingRoot), StagingLockTimeout, cancellationToken).ConfigureAwait(false);
        var localDirs = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new List<BuildTarget>();
        for (var i = 0; i < request.Platforms.Count; i++)
        {
            var platform = request.Platforms[i];
            var layers = Stage(platform, stagingRoot, localDirs);
            var state = DotNetImageGraph.For(baseName.WithDigest(bases[i].Root.Digest), platform.Platform, layers, configs[i], request.SourceDate, several, request.RunSteps);
            targets.Add(BuildTarget.FromState(state, platform.Platform));
        }

        var build = await new BuildService(clock).BuildAsync(
            new BuildRequest
            {
                Targets = targets,
                LocalDirs = localDirs,
                Outputs = [outputs.Output],
                Progress = request.Progress,
                ProgressOutput = request.ProgressOutput,
                ProgressSink = request.ProgressSink,
                StoreRoot = store.Root,
                Environment = environment,
                SourceDate = request.SourceDate,
            },
            cancellationToken).ConfigureAwait(false);

        var first = build.Manifests[0];
        var blobs = build.Outputs[0].Image.Blobs;
        var manifestJson = Encoding.UTF8.GetString(await blobs.ReadAllBytesAsync(first.Manifest, cancellationToken).ConfigureAwait(false));
        var result = new DotNetImageResult
        {
            Build = build,
            MediaType = build.Root.MediaType.Value!,
            ManifestJson = manifestJson,
            ConfigJson = Encoding.UTF8.GetString(await blobs.ReadAllBytesAsync(first.Config, cancellationToken).ConfigureAwait(false)),
            RootJson = several ? Encoding.UTF8.GetString(await blobs.ReadAllBytesAsync(build.Root, cancellationToken).ConfigureAwait(false)) : manifestJson,
            Names = outputs.Names,
            ArchiveOutputPath = outputs.ArchivePath,
            User = configs[0].User,
            Ports = configs[0].Ports,
        };
        return new BuiltImage(result, bases[0].Root.Digest, outputs);
    }

    // Manifest and config of the base for each platform; the push registry's credentials serve pulls from it too.
    private static async Task<ImageSourceResult[]> ResolveBasesAsync(DotNetImageRequest request, ImageReference baseName, ContentStore store, CancellationToken cancellationToken)
    {
        var pushRegistry = string.IsNullOrWhiteSpace(request.ArchiveOutputPath) && !string.IsNullOrWhiteSpace(request.Registry) ? request.Registry.Trim().TrimEnd('/') : null;
        using var clients = ImageSourceResolver.CreateClients(request.Environment, pushRegistry);
        var resolver = new ImageSourceResolver(store, clients);
        var mode = request.PullBaseImage ? SourceResolveMode.Pull : SourceResolveMode.Default;
        return await Task.WhenAll(request.Platforms.Select(p => resolver.ResolveAsync(baseName, p.Platform, mode, cancellationToken))).ConfigureAwait(false);
    }

    // ContainerImageFormat, else the base's format; Docker's media types have no zstd or uncompressed layer, so those take OCI's.
    private static bool UsesOciMediaTypes(DotNetImageRequest request, ImageSourceResult baseImage)
    {
        var format = request.ImageFormat?.Trim().ToUpperInvariant();
        var oci = format switch
        {
            null or "" => baseImage.Manifest.MediaType != MediaType.DockerManifest,
            "OCI" => true,
            "DOCKER" => false,
            _ => throw new ArgumentException($"ContainerImageFormat '{request.ImageFormat}' is not known: use OCI or Docker.", nameof(request)),
        };
        if (!oci && request.Compression != LayerCompression.Gzip)
        {
            if (format == "DOCKER")
            {
                throw new ArgumentException($"ContainerImageFormat Docker has no media type for {request.Compression} layers: use gzip compression, or the OCI format.", nameof(request));
            }

            oci = true;
        }

        return oci;
    }

    // Each non-empty layer's files into <staging>/<os-arch>/<kind>/, named local://dotnet-<os-arch>-<kind>; emptied kinds are removed.
    private static List<DotNetLayerSource> Stage(DotNetImagePlatform platform, string stagingRoot, Dictionary<string, string> localDirs)
    {
        var platformKey = platform.Platform.ToString().Replace('/', '-');
        var layers = new List<DotNetLayerSource>();
        foreach (var kind in Enum.GetValues<DotNetLayerKind>())
        {
            var directory = Path.Combine(stagingRoot, platformKey, kind.ToString().ToLowerInvariant());
            var files = platform.Files.Where(f => f.Layer == kind).ToList();
            if (files.Count == 0)
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                    File.Delete(directory + ".sync.json");
                }

                continue;
            }

            LayerStaging.Sync(directory, files);
            var name = $"dotnet-{platformKey}-{kind.ToString().ToLowerInvariant()}";
            localDirs[name] = directory;
            layers.Add(new DotNetLayerSource(kind, name));
        }

        return layers;
    }

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>A full build's result, with what its fingerprint records beside it: the base's root digest and the outputs.</summary>
    private sealed record BuiltImage(DotNetImageResult Result, Digest BaseRoot, DotNetImageOutputs Outputs);
}
