namespace ContainerBuild.Registry;

/// <summary>Makes a URL safe to print: no user info, and no values of query parameters that may be secrets.</summary>
public static class UrlRedactor
{
    public const string Mask = "REDACTED";

    // Parameters of the distribution protocol that are never secret; every other value (tokens,
    // signed storage URLs' signatures, upload state) is masked.
    private static readonly HashSet<string> Safe = new(StringComparer.OrdinalIgnoreCase)
    {
        "digest", "mount", "from", "n", "last", "service", "scope", "tag", "account",
    };

    public static string? Redact(Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }

        if (!uri.IsAbsoluteUri)
        {
            return RedactQuery(uri.OriginalString);
        }

        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        var query = builder.Query.TrimStart('?');
        builder.Query = query.Length == 0 ? "" : RedactPairs(query);
        return builder.Uri.IsDefaultPort
            ? $"{builder.Scheme}://{builder.Host}{builder.Path}{builder.Query}"
            : $"{builder.Scheme}://{builder.Host}:{builder.Port}{builder.Path}{builder.Query}";
    }

    private static string RedactQuery(string text)
    {
        var q = text.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? text : text[..(q + 1)] + RedactPairs(text[(q + 1)..]);
    }

    private static string RedactPairs(string query)
    {
        var pairs = query.Split('&');
        for (var i = 0; i < pairs.Length; i++)
        {
            var eq = pairs[i].IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pairs[i] : pairs[i][..eq];
            if (eq >= 0 && !Safe.Contains(Uri.UnescapeDataString(name)))
            {
                pairs[i] = name + "=" + Mask;
            }
        }

        return string.Join('&', pairs);
    }
}
