using System.Collections.Concurrent;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Sources;

/// <summary>
/// The bytes of the layers of lazy states, fetched only when something reads them: from the content store when it
/// holds the blob, else from the layer's registry repository into the store (verified) and then from the store. One
/// download per blob however many readers ask at once. <see cref="OriginOf"/> tells an exporter where a blob can be
/// mounted from, so a push to the same registry never reads it at all. Thread-safe; share one per build.
/// </summary>
public sealed class LayerBlobSource : IBlobSource
{
    private readonly ContentStore store;
    private readonly RegistryClients clients;
    private readonly IProgress<PullProgress>? progress;
    private readonly ConcurrentDictionary<Digest, RepositoryAddress> origins = new();
    private readonly ConcurrentDictionary<Digest, Lazy<Task>> downloads = new();

    public LayerBlobSource(ContentStore store, RegistryClients clients, IProgress<PullProgress>? progress = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.clients = clients ?? throw new ArgumentNullException(nameof(clients));
        this.progress = progress;
    }

    /// <summary>Makes the layers of <paramref name="chain"/> readable (those with an origin from their registry).</summary>
    public LayerBlobSource Add(LayerChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        foreach (var layer in chain)
        {
            Add(layer);
        }

        return this;
    }

    /// <summary>Makes one layer readable; the first origin given for a blob wins.</summary>
    public LayerBlobSource Add(LayerRef layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Origin is { } origin)
        {
            origins.TryAdd(layer.Digest, origin);
        }

        return this;
    }

    /// <summary>Opens a blob, downloading it into the store first when the store lacks it.</summary>
    /// <exception cref="ContentNotFoundException">The store lacks the blob and no layer added here names a registry that has it.</exception>
    public async Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        await EnsureAsync(descriptor, cancellationToken).ConfigureAwait(false);
        return store.OpenRead(descriptor.Digest);
    }

    /// <summary>Makes sure the store holds the blob, downloading it (once, however many callers wait) when it does not.</summary>
    public async Task EnsureAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        while (!store.Exists(descriptor.Digest))
        {
            if (!origins.TryGetValue(descriptor.Digest, out var origin))
            {
                throw new ContentNotFoundException(descriptor.Digest, store.Root);
            }

            var download = downloads.GetOrAdd(descriptor.Digest, _ => new Lazy<Task>(() => DownloadAsync(descriptor, origin)));
            try
            {
                await download.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Done or failed: the next reader looks at the store again (and retries a failed download).
                if (download.IsValueCreated && download.Value.IsCompleted)
                {
                    downloads.TryRemove(new KeyValuePair<Digest, Lazy<Task>>(descriptor.Digest, download));
                }
            }
        }
    }

    public RepositoryAddress? OriginOf(Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return origins.TryGetValue(descriptor.Digest, out var origin) ? origin : null;
    }

    // Not cancelled by one reader's token: other readers may be waiting on the same download.
    private async Task DownloadAsync(Descriptor descriptor, RepositoryAddress origin)
    {
        var client = clients.Get(origin.Registry);
        Stream remote = await client.OpenBlobAsync(origin.Repository, descriptor.Digest, descriptor.Size, CancellationToken.None).ConfigureAwait(false);
        if (progress is not null)
        {
            remote = new PullProgressStream(remote, descriptor.Digest, descriptor.Size, progress);
        }

        await using (remote.ConfigureAwait(false))
        {
            await store.WriteAsync(remote, descriptor.Digest, descriptor.Size, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
