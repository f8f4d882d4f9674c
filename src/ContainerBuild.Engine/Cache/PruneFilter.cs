using System.Globalization;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Cache;

/// <summary>Parsed prune filters: which entries a prune may remove.</summary>
internal sealed record PruneFilter(TimeSpan? Until, IReadOnlySet<string> Types, IReadOnlyList<string> Ids)
{
    // Kept unless --all or a type filter asks, as BuildKit keeps them.
    private static readonly string[] Hidden = [CacheRecordTypes.Internal, CacheRecordTypes.Frontend, CacheRecordTypes.ExecCacheMount];

    public static PruneFilter Parse(IEnumerable<string> filters)
    {
        TimeSpan? until = null;
        var types = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>();
        foreach (var filter in filters)
        {
            var equals = filter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidPruneFilterException(filter, "expected KEY=VALUE (until=24h, type=regular, id=...).");
            }

            var (key, value) = (filter[..equals].Trim(), filter[(equals + 1)..].Trim());
            switch (key)
            {
                case "until" or "unused-for":
                    until = ParseDuration(filter, value);
                    break;
                case "type":
                    types.Add(value);
                    break;
                case "id":
                    ids.Add(value.StartsWith("sha256:", StringComparison.Ordinal) ? value["sha256:".Length..] : value);
                    break;
                default:
                    throw new InvalidPruneFilterException(filter, $"unknown key '{key}' (until, type or id).");
            }
        }

        return new PruneFilter(until, types, ids);
    }

    public bool Matches(CacheEntry entry, bool all, DateTimeOffset now) =>
        (all || Types.Count > 0 || !Hidden.Contains(entry.RecordType, StringComparer.Ordinal))
        && (Until is not { } age || entry.LastUsed <= now - age)
        && (Types.Count == 0 || Types.Contains(entry.RecordType))
        && (Ids.Count == 0 || Ids.Any(id => entry.Id.Hex.StartsWith(id, StringComparison.Ordinal)));

    // Go's durations (24h, 90m, 1h30m, 45s) and days (7d), as buildx accepts them.
    private static TimeSpan ParseDuration(string filter, string text)
    {
        var total = TimeSpan.Zero;
        var rest = text.AsSpan();
        if (rest.IsEmpty)
        {
            throw new InvalidPruneFilterException(filter, "the duration is empty (such as 24h, 90m or 7d).");
        }

        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            var unitLength = 0;
            while (digits + unitLength < rest.Length && char.IsAsciiLetter(rest[digits + unitLength]))
            {
                unitLength++;
            }

            if (digits == 0 || unitLength == 0
                || !double.TryParse(rest[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                throw new InvalidPruneFilterException(filter, $"'{text}' is not a duration (such as 24h, 90m or 7d).");
            }

            total += rest.Slice(digits, unitLength) switch
            {
                "d" => TimeSpan.FromDays(amount),
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                _ => throw new InvalidPruneFilterException(filter, $"'{text}' has an unknown unit (d, h, m, s or ms)."),
            };
            rest = rest[(digits + unitLength)..];
        }

        return total;
    }
}
