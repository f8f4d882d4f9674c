namespace ContainerBuild.Engine.Cache;

/// <summary>What a prune removed.</summary>
public sealed record PruneResult(IReadOnlyList<CacheEntry> Removed, int BlobsRemoved, long ReclaimedBytes);
