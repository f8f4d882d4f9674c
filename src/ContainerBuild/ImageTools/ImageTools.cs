using ContainerBuild.Engine.Export;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild;

/// <summary>
/// Inspecting images in registries and combining existing manifests into indexes, as
/// <c>docker buildx imagetools</c> does. Hosts call one method per command.
/// </summary>
/// <remarks>
/// Errors stay typed, carrying facts, and each host chooses its words (DESIGN decision 9):
/// <see cref="InvalidImageReferenceException"/> for input that does not parse,
/// <see cref="RegistryException"/> and its subclasses (not found, authentication, unavailable, ...),
/// <see cref="InvalidManifestException"/> for documents that are not what they claim,
/// <see cref="ExportException"/> for copy problems and <see cref="ImageToolsException"/> for requests
/// that cannot be carried out. None of their messages holds a credential.
/// </remarks>
public sealed class ImageTools(ImageToolsOptions? options = null)
{
    private readonly ImageToolsOptions options = options ?? new ImageToolsOptions();

    /// <summary>Resolves <paramref name="reference"/> and reads its manifest or index, and (per <paramref name="inspect"/>) each manifest and config.</summary>
    public async Task<InspectResult> InspectAsync(string reference, InspectOptions? inspect = null, CancellationToken cancellationToken = default)
    {
        inspect ??= new InspectOptions();
        var parsed = ParseReference(reference);
        using var clients = CreateClients(parsed.Registry);
        var client = clients.Get(parsed.Registry);
        var raw = await client.GetManifestAsync(parsed.Repository, parsed.ManifestReference, cancellationToken).ConfigureAwait(false);
        var document = ManifestParser.Parse(raw.Bytes.Span, raw.MediaType.Value);
        var readManifests = inspect.IncludeManifests || inspect.IncludeConfigs;
        var manifests = new List<InspectedManifest>();
        ImageIndex? index = null;
        if (document is ImageIndex list)
        {
            index = list;
            foreach (var child in list.Manifests)
            {
                if (!readManifests || !child.MediaType.IsManifest)
                {
                    manifests.Add(new InspectedManifest(child, null, default, null, default));
                    continue;
                }

                var bytes = await client.GetManifestAsync(parsed.Repository, child.Digest.ToString(), cancellationToken).ConfigureAwait(false);
                var manifest = ImageManifest.Parse(bytes.Bytes.Span, bytes.MediaType.Value);
                manifests.Add(await WithConfigAsync(client, parsed.Repository, child, manifest, bytes.Bytes, inspect.IncludeConfigs, cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            var manifest = (ImageManifest)document;
            manifests.Add(await WithConfigAsync(client, parsed.Repository, raw.ToDescriptor(), manifest, raw.Bytes, inspect.IncludeConfigs, cancellationToken).ConfigureAwait(false));
        }

        return new InspectResult(parsed, raw.ToDescriptor(), raw, index, manifests);
    }

    /// <summary>
    /// Builds an index of the manifests <paramref name="sources"/> name (an index source gives all its
    /// manifests; a manifest without a platform gets its config's) and pushes it under every target,
    /// mounting or copying the manifests and blobs into each target repository that lacks them.
    /// </summary>
    public async Task<CreateResult> CreateAsync(
        IReadOnlyList<string> targets, IReadOnlyList<string> sources, CreateOptions? create = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sources);
        create ??= new CreateOptions();
        if (sources.Count == 0)
        {
            throw new ImageToolsException("No source images: name at least one manifest or index to combine.");
        }

        if (targets.Count == 0 && !create.DryRun)
        {
            throw new ImageToolsException("No target: name at least one image to push the index to (-t REGISTRY/REPOSITORY:TAG), or ask for a dry run.");
        }

        var targetNames = targets.Select(t => ParseReference(t).WithDefaultTag()).ToList();
        var sourceNames = sources.Select(ParseReference).ToList();
        using var clients = CreateClients(targetNames.Count > 0 ? targetNames[0].Registry : null);
        var memory = new MemoryBlobSource();
        var blobs = new CompositeBlobSource(memory);
        var entries = new List<Descriptor>();
        foreach (var source in sourceNames)
        {
            var client = clients.Get(source.Registry);
            var origin = new RegistryBlobSource(client, source.Repository, options.Cache);
            var raw = await client.GetManifestAsync(source.Repository, source.ManifestReference, cancellationToken).ConfigureAwait(false);
            var children = raw.MediaType.IsIndex
                ? ImageIndex.Parse(raw.Bytes.Span, raw.MediaType.Value).Manifests
                : [raw.ToDescriptor()];
            foreach (var child in children)
            {
                blobs.Route(child.Digest, origin);
                if (!child.MediaType.IsManifest)
                {
                    entries.Add(child);
                    continue;
                }

                var manifest = child.Digest == raw.Digest
                    ? ImageManifest.Parse(raw.Bytes.Span, raw.MediaType.Value)
                    : ImageManifest.Parse((await client.GetManifestAsync(source.Repository, child.Digest.ToString(), cancellationToken).ConfigureAwait(false)).Bytes.Span, child.MediaType.Value);
                foreach (var blob in manifest.Layers.Prepend(manifest.Config))
                {
                    blobs.Route(blob.Digest, origin);
                }

                var platform = child.Platform ?? await PlatformFromConfigAsync(client, source, child, manifest, cancellationToken).ConfigureAwait(false);
                entries.Add(child with { Platform = platform });
            }
        }

        entries = [.. entries.DistinctBy(e => e.Digest)];
        var dockerOnly = entries.All(e => e.MediaType == MediaType.DockerManifest) && create.Annotations is not { Count: > 0 };
        var index = new ImageIndex
        {
            MediaType = dockerOnly ? MediaType.DockerManifestList : MediaType.OciIndex,
            Manifests = entries,
            Annotations = create.Annotations is { Count: > 0 } annotations ? new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal) : null,
        };
        var bytes = index.ToJsonBytes();
        var root = memory.Add(bytes, index.MediaType);
        if (create.DryRun)
        {
            return new CreateResult(root, bytes, []);
        }

        await new RegistryExporter(clients).ExportAsync(new ImageToExport(root, blobs, targetNames), cancellationToken).ConfigureAwait(false);
        return new CreateResult(root, bytes, targetNames);
    }

    private static async Task<InspectedManifest> WithConfigAsync(
        RegistryClient client, string repository, Descriptor descriptor, ImageManifest manifest, ReadOnlyMemory<byte> manifestBytes, bool includeConfig, CancellationToken cancellationToken)
    {
        if (!includeConfig || (manifest.Config.MediaType != MediaType.OciConfig && manifest.Config.MediaType != MediaType.DockerConfig))
        {
            return new InspectedManifest(descriptor, manifest, manifestBytes, null, default);
        }

        var bytes = await client.GetBlobBytesAsync(repository, manifest.Config, cancellationToken).ConfigureAwait(false);
        return new InspectedManifest(descriptor, manifest, manifestBytes, ImageConfig.Parse(bytes), bytes);
    }

    private static async Task<Platform> PlatformFromConfigAsync(
        RegistryClient client, ImageReference source, Descriptor descriptor, ImageManifest manifest, CancellationToken cancellationToken)
    {
        if (manifest.Config.MediaType != MediaType.OciConfig && manifest.Config.MediaType != MediaType.DockerConfig)
        {
            throw new ImageToolsException(
                $"The manifest {descriptor.Digest} of {source} names no platform and its config is a '{manifest.Config.MediaType}', not an image config: it is not an image that can go into an index.");
        }

        var config = ImageConfig.Parse(await client.GetBlobBytesAsync(source.Repository, manifest.Config, cancellationToken).ConfigureAwait(false));
        var platform = config.Platform;
        return platform with { OSFeatures = platform.OSFeatures is { Count: > 0 } ? platform.OSFeatures : null };
    }

    private static ImageReference ParseReference(string reference)
    {
        try
        {
            return ImageReference.Parse(reference);
        }
        catch (FormatException e)
        {
            throw new InvalidImageReferenceException(reference, e);
        }
    }

    // The registry the command works on counts as the push registry, so DOTNET_CONTAINER_REGISTRY_UNAME/PWORD apply to it.
    private RegistryClients CreateClients(string? pushRegistry) => new(new RegistryClientOptions
    {
        Credentials = CredentialStore.FromEnvironment(options.Environment, pushRegistry),
        InsecureRegistries = RegistryClientOptions.InsecureRegistriesFrom(options.Environment),
        Log = options.Log,
    });
}
