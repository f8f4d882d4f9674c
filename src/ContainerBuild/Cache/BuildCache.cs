using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Cache;

/// <summary>
/// The build cache as hosts see it: <c>du</c> and <c>prune</c> over the cache records and blobs under the content
/// store's root. Errors: <see cref="InvalidPruneFilterException"/> for a filter that does not parse,
/// <see cref="StoreLockTimeoutException"/> when another prune holds the store for minutes, IO errors as they come.
/// </summary>
public sealed class BuildCache
{
    private readonly CacheRecordStore records;

    public BuildCache(BuildCacheOptions? options = null)
    {
        options ??= new BuildCacheOptions();
        var root = options.Root ?? ContentStoreOptions.FromEnvironment(options.Environment).Root;
        records = new CacheRecordStore(new ContentStore(root));
    }

    /// <summary>The store root in use.</summary>
    public string Root => records.Content.Root;

    public Task<CacheDiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default) => records.DiskUsageAsync(cancellationToken);

    public Task<PruneResult> PruneAsync(PruneOptions? options = null, CancellationToken cancellationToken = default) =>
        records.PruneAsync(options, cancellationToken);
}
