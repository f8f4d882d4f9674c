using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Cache;

/// <summary>du and prune over the records and the blobs they reference.</summary>
public sealed partial class CacheRecordStore
{
    private const string PruneLockName = "cache-prune";
    private static readonly TimeSpan PruneLockTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Every cached result (records grouped by result key), most recently used first.</summary>
    public async Task<CacheDiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default)
    {
        return new CacheDiskUsage(await ListEntriesAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Removes matching entries, least recently used first (all of them, or with <see cref="PruneOptions.KeepStorage"/>
    /// until the rest fits), then the blobs only they referenced (with <see cref="PruneOptions.All"/> and no filters,
    /// every blob no remaining record references), and temp files of writers that died.
    /// </summary>
    /// <exception cref="InvalidPruneFilterException">A filter does not parse.</exception>
    public async Task<PruneResult> PruneAsync(PruneOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PruneOptions();
        var filter = PruneFilter.Parse(options.Filters);
        if (options.KeepStorage is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.KeepStorage, "KeepStorage is zero or more bytes.");
        }

        // One prune at a time; solves do not take this lock (records and blobs are written atomically).
        using var held = await Content.LockAsync(PruneLockName, PruneLockTimeout, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var entries = await ListEntriesAsync(cancellationToken).ConfigureAwait(false);
        var candidates = entries.Where(e => filter.Matches(e, options.All, now)).OrderBy(e => e.LastUsed).ThenBy(e => e.Id).ToList();

        var remaining = entries.ToList();
        var removed = new List<CacheEntry>();
        foreach (var candidate in candidates)
        {
            if (options.KeepStorage is { } keep && CacheEntry.Footprint(remaining.Select(e => e.Results)) <= keep)
            {
                break;
            }

            if (candidate.RecordType == CacheRecordTypes.ExecCacheMount && candidate.Keys.Count == 0)
            {
                if (!mounts.TryRemove(candidate.Id))
                {
                    continue; // A running build holds it.
                }
            }

            foreach (var key in candidate.Keys)
            {
                Delete(key);
            }

            remaining.Remove(candidate);
            removed.Add(candidate);
        }

        var kept = remaining.SelectMany(e => e.Blobs).Select(b => b.Digest).ToHashSet();
        var orphans = removed.SelectMany(e => e.Blobs).Select(b => b.Digest).Where(d => !kept.Contains(d)).ToHashSet();
        var fullClean = options.All && options.Filters.Count == 0 && options.KeepStorage is null;
        if (fullClean)
        {
            await foreach (var blob in Content.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!kept.Contains(blob.Digest))
                {
                    orphans.Add(blob.Digest);
                }
            }
        }

        long reclaimed = 0;
        var blobsRemoved = 0;
        foreach (var digest in orphans)
        {
            var size = Content.TryGetInfo(digest)?.Size ?? 0;
            if (Content.Delete(digest))
            {
                reclaimed += size;
                blobsRemoved++;
            }
        }

        // Results without blobs (snapshots, mounts) are freed with their records.
        reclaimed += removed.SelectMany(e => e.Results).Where(r => r.Blobs.Count == 0).Sum(r => r.Size);
        CleanupTemp();
        await Content.CleanupIngestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new PruneResult(removed, blobsRemoved, reclaimed);
    }

    /// <summary>Records grouped by result, and cache mounts, most recently used first.</summary>
    private async Task<List<CacheEntry>> ListEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = CacheEntry.Group(await ToListAsync(cancellationToken).ConfigureAwait(false));
        entries.AddRange(await mounts.ListAsync(cancellationToken).ConfigureAwait(false));
        return [.. entries.OrderByDescending(e => e.LastUsed).ThenBy(e => e.Id)];
    }

    private async Task<List<Solver.CacheRecord>> ToListAsync(CancellationToken cancellationToken)
    {
        var records = new List<Solver.CacheRecord>();
        await foreach (var record in EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(record);
        }

        return records;
    }
}
