using System.Collections.Concurrent;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// Layer listings by diff id: a layer unpacked as a lower dir (a RUN went over it) is looked up on disk; any other by
/// its index, loaded once per resolver from the store's layer indexes, and read from its tar only when the store has
/// none yet (its blob downloaded then, once per store, and only when a lookup reaches the layer).
/// </summary>
internal sealed class LayerIndexCache(EngineContext context, OverlayLowerDirs? lowerDirs = null)
{
    private readonly ConcurrentDictionary<Digest, Lazy<Task<LayerIndex>>> indexes = new();
    private readonly LayerIndexFiles files = new(context.Store);

    public EngineContext Context => context;

    public async Task<ILayerListing> GetAsync(LayerRef layer, CancellationToken cancellationToken)
    {
        if (lowerDirs?.TryGet(layer.DiffId) is { } unpacked)
        {
            return new LowerDirListing(unpacked.Path);
        }

        var lazy = indexes.GetOrAdd(layer.DiffId, _ => new Lazy<Task<LayerIndex>>(() => ReadAsync(layer)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted)
        {
            // A failed read is not remembered: the next lookup tries again.
            indexes.TryRemove(new KeyValuePair<Digest, Lazy<Task<LayerIndex>>>(layer.DiffId, lazy));
            throw;
        }
    }

    // Not cancelled by one caller: others may wait on the same listing.
    private async Task<LayerIndex> ReadAsync(LayerRef layer)
    {
        if (files.TryRead(layer.Digest) is { } stored)
        {
            return stored;
        }

        context.Blobs.Add(layer);
        LayerIndex index;
        var blob = await context.Blobs.OpenAsync(layer.Blob, CancellationToken.None).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            index = await LayerIndex.ReadAsync(blob, CancellationToken.None).ConfigureAwait(false);
        }

        files.Write(layer.Digest, index);
        return index;
    }
}
