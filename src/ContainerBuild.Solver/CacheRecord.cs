using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>
/// A cached solve of one vertex: under <see cref="Key"/>, the outputs it produced. <see cref="ResultKey"/> is the key
/// the results were first stored under; every record of those results carries it, so dependants compute the same
/// keys whichever of its keys (definition or content based) a vertex was found by.
/// </summary>
public sealed record CacheRecord
{
    public required Digest Key { get; init; }

    public required Digest ResultKey { get; init; }

    public required IReadOnlyList<CachedResult> Results { get; init; }

    /// <summary>The vertex's name when it was stored.</summary>
    public string Description { get; init; } = "";

    public string RecordType { get; init; } = CacheRecordTypes.Regular;

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset LastUsed { get; init; }

    public long Size => Results.Sum(r => r.Size);
}
