using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>
/// How an op enters the cache key (BuildKit's CacheMap): <see cref="BaseKey"/> describes the op without its inputs'
/// content; <see cref="Inputs"/> holds, per input edge, what of the input matters. Empty means "the whole input".
/// </summary>
public sealed record CacheMap(Digest BaseKey)
{
    public IReadOnlyList<CacheMapInput> Inputs { get; init; } = [];

    /// <summary>The kind of result, shown by du and matched by prune's <c>type=</c> filter (<see cref="CacheRecordTypes"/>).</summary>
    public string RecordType { get; init; } = CacheRecordTypes.Regular;
}

/// <summary>What of one input enters the key: a selector (paths, options), and optionally a digest of the selected content.</summary>
public sealed record CacheMapInput
{
    public Digest? Selector { get; init; }

    /// <summary>
    /// A digest of the input's selected content; used when the definition-based key misses, so that an input that
    /// changed definition but not content still hits.
    /// </summary>
    public ContentDigestFunc? ComputeContentDigest { get; init; }
}

/// <summary>Computes a content digest of <paramref name="input"/> (for the given selector).</summary>
public delegate Task<Digest> ContentDigestFunc(IResult input, Digest? selector, CancellationToken cancellationToken);
