using System.Collections.Concurrent;
using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>Cache records for one process's lifetime.</summary>
public sealed class MemoryCacheStore(TimeProvider? clock = null) : ICacheStore
{
    private readonly ConcurrentDictionary<Digest, CacheRecord> records = new();
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public IReadOnlyCollection<CacheRecord> Records => [.. records.Values];

    public Task<CacheRecord?> TryGetAsync(Digest key, CancellationToken cancellationToken) =>
        Task.FromResult(records.TryGetValue(key, out var record) ? record : null);

    public Task SaveAsync(CacheRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        records[record.Key] = record;
        return Task.CompletedTask;
    }

    public Task MarkUsedAsync(Digest key, CancellationToken cancellationToken)
    {
        if (records.TryGetValue(key, out var record))
        {
            records[key] = record with { LastUsed = clock.GetUtcNow() };
        }

        return Task.CompletedTask;
    }

    public void Clear() => records.Clear();
}
