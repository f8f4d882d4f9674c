using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>Where cache records live; implementations must be safe for concurrent use.</summary>
public interface ICacheStore
{
    Task<CacheRecord?> TryGetAsync(Digest key, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) the record under its key; only ever called with complete results.</summary>
    Task SaveAsync(CacheRecord record, CancellationToken cancellationToken);

    /// <summary>Notes that a solve reused the record (for least-recently-used pruning).</summary>
    Task MarkUsedAsync(Digest key, CancellationToken cancellationToken);
}
