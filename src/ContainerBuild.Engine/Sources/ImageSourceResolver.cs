using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Sources;

/// <summary>
/// Resolves <c>docker-image://</c> sources for a platform (DESIGN decision 2): asks the registry what the reference
/// points at, picks the platform's manifest, keeps the manifest and config in the content store, and returns the
/// layers by reference without downloading any of them. Resolutions are remembered in the store for the
/// <c>default</c> and <c>local</c> modes. Thread-safe.
/// </summary>
public sealed class ImageSourceResolver
{
    /// <summary>The scheme of image source identifiers in LLB.</summary>
    public const string Scheme = "docker-image://";

    private const int MaxIndexDepth = 4;

    private readonly ContentStore store;
    private readonly RegistryClients clients;
    private readonly ImageSourceResolverOptions options;
    private readonly ResolveRecords records;

    public ImageSourceResolver(ContentStore store, RegistryClients clients, ImageSourceResolverOptions? options = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.clients = clients ?? throw new ArgumentNullException(nameof(clients));
        this.options = options ?? new ImageSourceResolverOptions();
        records = new ResolveRecords(store);
    }

    /// <summary>
    /// Registry clients for image sources, with credentials from the chain the environment names (the SDK's variables,
    /// Docker's and Podman's files and helpers) and the insecure registries it lists.
    /// </summary>
    /// <param name="environment">The process environment, read by the host.</param>
    /// <param name="pushRegistry">The registry the build pushes to, if any (its push credentials serve pulls from it too).</param>
    /// <param name="log">Receives one redacted line per HTTP request.</param>
    public static RegistryClients CreateClients(IReadOnlyDictionary<string, string?> environment, string? pushRegistry = null, Action<string>? log = null) =>
        new(new RegistryClientOptions
        {
            Credentials = CredentialStore.FromEnvironment(environment, pushRegistry),
            InsecureRegistries = RegistryClientOptions.InsecureRegistriesFrom(environment),
            Log = log,
        });

    /// <summary>The image reference of an LLB source identifier: <c>docker-image://docker.io/library/busybox:latest</c>.</summary>
    /// <exception cref="FormatException">The identifier is not a <c>docker-image://</c> reference.</exception>
    public static ImageReference ParseIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (!identifier.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new FormatException($"'{identifier}' is not an image source: it must start with '{Scheme}'.");
        }

        return ImageReference.Parse(identifier[Scheme.Length..]);
    }

    /// <summary>Resolves an LLB identifier (<c>docker-image://...</c>); see <see cref="ResolveAsync(ImageReference, Platform, SourceResolveMode, CancellationToken)"/>.</summary>
    public Task<ImageSourceResult> ResolveAsync(string identifier, Platform platform, SourceResolveMode mode = SourceResolveMode.Default, CancellationToken cancellationToken = default) =>
        ResolveAsync(ParseIdentifier(identifier), platform, mode, cancellationToken);

    /// <summary>
    /// What <paramref name="reference"/> is for <paramref name="platform"/>: its manifest, config and layers by
    /// reference. Reads and stores the index, manifest and config; never a layer.
    /// </summary>
    /// <exception cref="ImagePlatformNotFoundException">The image offers no manifest for the platform.</exception>
    /// <exception cref="ImageNotInStoreException">Mode <c>local</c>, and the store has not resolved the image before.</exception>
    /// <exception cref="RegistryException">The registry refused or failed (not found, unauthorized, unreachable...).</exception>
    public async Task<ImageSourceResult> ResolveAsync(ImageReference reference, Platform platform, SourceResolveMode mode = SourceResolveMode.Default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        reference = reference.WithDefaultTag();
        var platformKey = platform.Normalize().ToString();
        if (mode != SourceResolveMode.Pull
            && await TryFromStoreAsync(reference, platform, platformKey, checkAge: mode == SourceResolveMode.Default, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }

        if (mode == SourceResolveMode.Local)
        {
            throw new ImageNotInStoreException(reference, platform, store.Root);
        }

        return await FromRegistryAsync(reference, platform, platformKey, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageSourceResult?> TryFromStoreAsync(ImageReference reference, Platform platform, string platformKey, bool checkAge, CancellationToken cancellationToken)
    {
        var now = options.Time.GetUtcNow();
        if (records.TryRead(reference, platformKey) is { } record
            && (!checkAge || options.MaxResolveAge is not { } maxAge || now - record.ResolvedAt <= maxAge)
            && record.Descriptors() is { } documents
            && await TryReadDocumentAsync(null, reference, documents.Manifest, cancellationToken).ConfigureAwait(false) is { } manifestBytes)
        {
            return await CompleteAsync(null, reference, platform, documents.Root, documents.Manifest, manifestBytes, record.ResolvedAt, cancellationToken).ConfigureAwait(false);
        }

        // A digest names its content for good: when the store holds it, there is nothing to ask.
        if (reference.Digest is { } pinned && store.TryGetInfo(pinned) is { } info)
        {
            var bytes = await TryReadDocumentAsync(null, reference, new Descriptor { MediaType = MediaType.OciManifest, Digest = pinned, Size = info.Size }, cancellationToken).ConfigureAwait(false);
            if (bytes is not null)
            {
                var rootDescriptor = new Descriptor { MediaType = ManifestParser.Parse(bytes).MediaType, Digest = pinned, Size = bytes.Length };
                return await ChooseAndCompleteAsync(null, reference, platform, platformKey, rootDescriptor, bytes, now, record: false, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    private async Task<ImageSourceResult> FromRegistryAsync(ImageReference reference, Platform platform, string platformKey, CancellationToken cancellationToken)
    {
        var client = clients.Get(reference.Registry);
        var resolvedAt = options.Time.GetUtcNow();
        var root = await client.ResolveAsync(reference.Repository, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        var rootBytes = await TryReadDocumentAsync(client, reference, root, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("A registry read returns bytes or throws.");
        return await ChooseAndCompleteAsync(client, reference, platform, platformKey, root, rootBytes, resolvedAt, record: true, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("A registry read returns bytes or throws.");
    }

    /// <summary>Follows the root (through indexes) to the platform's manifest; null when the store lacks a document and no client may fetch it.</summary>
    private async Task<ImageSourceResult?> ChooseAndCompleteAsync(
        RegistryClient? client,
        ImageReference reference,
        Platform platform,
        string platformKey,
        Descriptor root,
        byte[] rootBytes,
        DateTimeOffset resolvedAt,
        bool record,
        CancellationToken cancellationToken)
    {
        var current = root;
        var bytes = rootBytes;
        for (var depth = 0; current.MediaType.IsIndex; depth++)
        {
            if (depth >= MaxIndexDepth)
            {
                throw new ImageSourceException($"The image {reference} nests indexes more than {MaxIndexDepth} deep.");
            }

            var index = Parse(reference, current, () => ImageIndex.Parse(bytes, current.MediaType.Value));
            current = index.FindManifest(platform)
                ?? throw new ImagePlatformNotFoundException(reference, current.Digest, platform, [.. index.Platforms.Where(p => !IsUnknown(p)).Distinct()]);
            current = new Descriptor { MediaType = current.MediaType, Digest = current.Digest, Size = current.Size, Platform = current.Platform };
            var next = await TryReadDocumentAsync(client, reference, current, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return null;
            }

            bytes = next;
        }

        if (!current.MediaType.IsManifest)
        {
            throw new ImageSourceException($"The image {reference} points at a '{current.MediaType}' ({current.Digest}), which is not an image manifest or index.");
        }

        var result = await CompleteAsync(client, reference, platform, root, current, bytes, resolvedAt, cancellationToken).ConfigureAwait(false);
        if (result is not null && record)
        {
            await records.WriteAsync(ResolveRecord.Create(reference, platformKey, root, current, resolvedAt), reference, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<ImageSourceResult?> CompleteAsync(
        RegistryClient? client,
        ImageReference reference,
        Platform platform,
        Descriptor root,
        Descriptor manifestDescriptor,
        byte[] manifestBytes,
        DateTimeOffset resolvedAt,
        CancellationToken cancellationToken)
    {
        var manifest = Parse(reference, manifestDescriptor, () => ImageManifest.Parse(manifestBytes, manifestDescriptor.MediaType.Value));
        var configBytes = await TryReadDocumentAsync(client, reference, manifest.Config, cancellationToken).ConfigureAwait(false);
        if (configBytes is null)
        {
            return null;
        }

        var config = Parse(reference, manifest.Config, () => ImageConfig.Parse(configBytes));
        var offered = config.Platform;

        // A single-manifest image says its platform only in its config; it must still suit the build (as containerd checks).
        if (!root.MediaType.IsIndex && platform.CompatibilityScore(offered) == 0)
        {
            throw new ImagePlatformNotFoundException(reference, root.Digest, platform, [offered]);
        }

        var diffIds = config.RootFileSystem.DiffIds;
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new ImageSourceException(
                $"The image {reference} ({manifestDescriptor.Digest}) is inconsistent: its manifest lists {manifest.Layers.Count} layers but its config lists {diffIds.Count} diff ids.");
        }

        var origin = new RepositoryAddress(reference.Registry, reference.Repository);
        var layers = LayerChain.Of(manifest.Layers.Select((layer, i) => new LayerRef(layer, diffIds[i], origin)));
        return new ImageSourceResult
        {
            Reference = reference,
            Root = root,
            Manifest = manifestDescriptor,
            Platform = offered,
            ConfigDescriptor = manifest.Config,
            Config = config,
            Layers = layers,
            ResolvedAt = resolvedAt,
            AskedRegistry = client is not null,
        };
    }

    /// <summary>
    /// A manifest, index or config: from the store when it holds it, else (with a client) from the registry, verified
    /// and then kept in the store. Null when only the store may be asked and it lacks the document.
    /// </summary>
    private async Task<byte[]?> TryReadDocumentAsync(RegistryClient? client, ImageReference reference, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (store.Exists(descriptor.Digest))
        {
            try
            {
                return await ReadFromStoreAsync(descriptor, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ContentCorruptException or ContentNotFoundException or ExportException)
            {
                // Pruned or corrupt meanwhile (a corrupt blob is removed by its read): fetch it again when we may.
            }
        }

        if (client is null)
        {
            return null;
        }

        var bytes = descriptor.MediaType.IsManifest || descriptor.MediaType.IsIndex
            ? (await client.GetManifestAsync(reference.Repository, descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false)).Bytes.ToArray()
            : await client.GetBlobBytesAsync(reference.Repository, descriptor, cancellationToken).ConfigureAwait(false);
        if (bytes.Length != descriptor.Size)
        {
            throw new ImageSourceException($"The registry sent {bytes.Length} bytes for {descriptor.Digest} of {reference}, but its descriptor says {descriptor.Size}.");
        }

        await store.WriteAsync(bytes, descriptor.Digest, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private async Task<byte[]> ReadFromStoreAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        // The size the descriptor states may be a guess (a pinned digest's root): read whatever the store holds.
        var size = store.TryGetInfo(descriptor.Digest)?.Size ?? throw new ContentNotFoundException(descriptor.Digest, store.Root);
        return await new StoreBlobSource(store).ReadAllBytesAsync(descriptor with { Size = size }, cancellationToken).ConfigureAwait(false);
    }

    private static T Parse<T>(ImageReference reference, Descriptor descriptor, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidManifestException e)
        {
            throw new ImageSourceException($"The image {reference} has an invalid document {descriptor.Digest} ({descriptor.MediaType}): {e.Message}", e);
        }
    }

    // Attestation manifests in BuildKit's indexes claim unknown/unknown; they are not platforms a build can choose.
    private static bool IsUnknown(Platform platform) =>
        string.Equals(platform.OS, "unknown", StringComparison.Ordinal) && string.Equals(platform.Architecture, "unknown", StringComparison.Ordinal);
}
