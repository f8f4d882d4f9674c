namespace ContainerBuild.Cache;

/// <summary>What <see cref="BuildCache"/> needs from its host: the environment it read at its edge, or an explicit root.</summary>
public sealed record BuildCacheOptions
{
    /// <summary>The process environment (CONTAINERBUILD_ROOT, XDG_CACHE_HOME, HOME place the store).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The store root; null to place it from <see cref="Environment"/>.</summary>
    public string? Root { get; init; }
}
