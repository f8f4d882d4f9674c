using System.Text.Json;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// Keeps and reloads the engine's results for the cache: an <see cref="FsResult"/> as a JSON record blob in the content
/// store (id <c>fs:sha256:...</c>), a <see cref="LocalDirResult"/> by its directory and patterns (id <c>local:{...}</c>).
/// </summary>
public sealed class FsResultStore : IResultStore
{
    public const string IdPrefix = "fs:";
    public const string LocalIdPrefix = "local:";

    private readonly ContentStore store;
    private readonly LayerBlobSource? blobs;

    /// <param name="store">Where records, configs and new layers are.</param>
    /// <param name="blobs">Learns the registry origins of reloaded layers, so they can be read later; null to skip.</param>
    public FsResultStore(ContentStore store, LayerBlobSource? blobs = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.blobs = blobs;
    }

    /// <summary>Writes the result's record into the store, so that <see cref="IResult.Id"/> reloads it.</summary>
    public async Task SaveAsync(FsResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        await store.WriteAsync(result.RecordBytes, result.RecordDescriptor.Digest, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IResult?> TryLoadAsync(CachedResult cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cached);
        if (cached.Id.StartsWith(LocalIdPrefix, StringComparison.Ordinal))
        {
            return LocalDirResult.TryParseId(cached.Id) is { } local && Directory.Exists(local.Path) ? local : null;
        }

        return cached.Id.StartsWith(IdPrefix, StringComparison.Ordinal) && Digest.TryParse(cached.Id[IdPrefix.Length..], out var digest)
            ? await TryLoadAsync(digest, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>The result whose record has <paramref name="digest"/>; null when the record, a base document or a layer only the store held is gone.</summary>
    public async Task<FsResult?> TryLoadAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!store.Exists(digest))
            {
                return null;
            }

            var record = FsResultRecord.Parse(await ReadAsync(digest, cancellationToken).ConfigureAwait(false));
            var chain = LayerChain.Of(record.Layers.Select(l => l.ToLayerRef()));

            // A layer this build made lives only in the store: without it the result is gone.
            if (chain.Any(l => l.Origin is null && !store.Exists(l.Digest)))
            {
                return null;
            }

            ImageSourceResult? image = null;
            if (record.BaseImage is { } baseImage)
            {
                var configDescriptor = baseImage.Config.ToDescriptor();
                if (!store.Exists(configDescriptor.Digest) || !store.Exists(baseImage.Manifest.ToDescriptor().Digest) || baseImage.LayerCount > chain.Count)
                {
                    return null;
                }

                var config = ImageConfig.Parse(await ReadAsync(configDescriptor.Digest, cancellationToken).ConfigureAwait(false));
                image = new ImageSourceResult
                {
                    Reference = ImageReference.Parse(baseImage.Reference),
                    Root = baseImage.Root.ToDescriptor(),
                    Manifest = baseImage.Manifest.ToDescriptor(),
                    Platform = config.Platform,
                    ConfigDescriptor = configDescriptor,
                    Config = config,
                    Layers = chain.Prefix(baseImage.LayerCount),
                    ResolvedAt = DateTimeOffset.UnixEpoch,
                    AskedRegistry = false,
                };
            }

            var result = new FsResult(chain, image);
            if (result.RecordDescriptor.Digest != digest)
            {
                return null;
            }

            blobs?.Add(chain);
            return result;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidManifestException or ContentStoreException or ExportException or IOException or ArgumentException)
        {
            // A record from another version or a damaged store: a miss, and the op runs again.
            return null;
        }
    }

    private async Task<byte[]> ReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        var size = store.TryGetInfo(digest)?.Size ?? throw new ContentNotFoundException(digest, store.Root);
        return await new StoreBlobSource(store).ReadAllBytesAsync(new Descriptor { MediaType = FsResultRecord.MediaType, Digest = digest, Size = size }, cancellationToken).ConfigureAwait(false);
    }
}
