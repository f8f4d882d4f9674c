namespace ContainerBuild.Engine.Cache;

/// <summary>What the build cache holds, as <c>docker buildx du</c> reports it.</summary>
public sealed record CacheDiskUsage(IReadOnlyList<CacheEntry> Entries)
{
    /// <summary>Bytes held, each blob counted once.</summary>
    public long Total => CacheEntry.Footprint(Entries.Select(e => e.Results));

    public long Reclaimable => CacheEntry.Footprint(Entries.Where(e => e.Reclaimable).Select(e => e.Results));

    /// <summary>Bytes of entries that share a blob with another entry.</summary>
    public long Shared => CacheEntry.Footprint(Entries.Where(e => e.Shared).Select(e => e.Results));

    public long Private => CacheEntry.Footprint(Entries.Where(e => !e.Shared).Select(e => e.Results));
}
