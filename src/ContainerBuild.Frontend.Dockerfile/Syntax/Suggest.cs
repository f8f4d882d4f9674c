namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>The "(did you mean X?)" hint of BuildKit's errors: the closest candidate within a small edit distance.</summary>
internal static class Suggest
{
    public static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        if (value.Length == 0)
        {
            return string.Empty;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(value.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // One edit for short words, two otherwise; an exact match needs no hint.
        var allowed = value.Length < 4 ? 1 : 2;
        return best is not null && bestDistance > 0 && bestDistance <= allowed ? $" (did you mean {best}?)" : string.Empty;
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
