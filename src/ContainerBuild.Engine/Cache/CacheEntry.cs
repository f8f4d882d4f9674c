using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Cache;

/// <summary>
/// One cached result as du shows it: every record that names the same results (its definition and content keys)
/// counts once. <see cref="Id"/> is the result key.
/// </summary>
public sealed record CacheEntry
{
    public required Digest Id { get; init; }

    /// <summary>The cache keys (record files) that lead to this result.</summary>
    public required IReadOnlyList<Digest> Keys { get; init; }

    public required string Description { get; init; }

    public required string RecordType { get; init; }

    public required long Size { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset LastUsed { get; init; }

    /// <summary>Whether prune may remove it (nothing holds results in use across processes yet, so always true).</summary>
    public bool Reclaimable { get; init; } = true;

    /// <summary>Whether another entry references one of its blobs (removing it alone frees less than its size).</summary>
    public bool Shared { get; init; }

    public required IReadOnlyList<CachedResult> Results { get; init; }

    internal IEnumerable<Descriptor> Blobs => Results.SelectMany(r => r.Blobs);

    /// <summary>Groups records by result key, newest use first.</summary>
    internal static List<CacheEntry> Group(IEnumerable<CacheRecord> records)
    {
        var entries = records
            .GroupBy(r => r.ResultKey)
            .Select(g =>
            {
                var newest = g.MaxBy(r => r.LastUsed)!;
                return new CacheEntry
                {
                    Id = g.Key,
                    Keys = [.. g.Select(r => r.Key).Order()],
                    Description = newest.Description,
                    RecordType = newest.RecordType,
                    Results = newest.Results,
                    Size = Footprint([newest.Results]),
                    Created = g.Min(r => r.Created),
                    LastUsed = newest.LastUsed,
                };
            })
            .ToList();

        var owners = entries
            .SelectMany(e => e.Blobs.Select(b => b.Digest).Distinct().Select(d => (Blob: d, Entry: e.Id)))
            .GroupBy(x => x.Blob)
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(x => x.Entry))
            .ToHashSet();
        return [.. entries.Select(e => owners.Contains(e.Id) ? e with { Shared = true } : e).OrderByDescending(e => e.LastUsed).ThenBy(e => e.Id)];
    }

    /// <summary>Bytes the results occupy: each distinct blob once, plus results that hold no blobs by their own size.</summary>
    internal static long Footprint(IEnumerable<IReadOnlyList<CachedResult>> resultSets)
    {
        var blobs = new Dictionary<Digest, long>();
        long other = 0;
        foreach (var result in resultSets.SelectMany(s => s))
        {
            if (result.Blobs.Count == 0)
            {
                other += result.Size;
            }

            foreach (var blob in result.Blobs)
            {
                blobs[blob.Digest] = blob.Size;
            }
        }

        return other + blobs.Values.Sum();
    }
}
