namespace ContainerBuild.Engine.Cache;

/// <summary>
/// What to prune, as <c>docker buildx prune</c> takes it. Without <see cref="All"/>, internal and frontend records and cache mounts are
/// kept. <see cref="Filters"/>: <c>until=DURATION</c> (unused for longer than, e.g. <c>24h</c>, <c>90m</c>, <c>7d</c>),
/// <c>type=TYPE</c> (repeatable), <c>id=ID</c> (a result key or a prefix of its hex). With <see cref="KeepStorage"/>,
/// least recently used entries go only until the cache fits.
/// </summary>
public sealed record PruneOptions
{
    public bool All { get; init; }

    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>Bytes the cache may keep; null to remove every matching entry.</summary>
    public long? KeepStorage { get; init; }
}
