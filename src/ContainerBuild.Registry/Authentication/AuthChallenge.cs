using System.Text;

namespace ContainerBuild.Registry;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header: a scheme and its parameters (realm, service, scope, error).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Get("realm");

    public string? Service => Get("service");

    public string? Scope => Get("scope");

    /// <summary>Such as <c>insufficient_scope</c> or <c>invalid_token</c>.</summary>
    public string? Error => Get("error");

    public string? Get(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Parses a header value that may hold several challenges (<c>Basic realm="a", Bearer realm="b",service="c"</c>),
    /// with quoted strings that contain commas and backslash escapes.
    /// </summary>
    public static IReadOnlyList<AuthChallenge> Parse(string? header)
    {
        var result = new List<AuthChallenge>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return result;
        }

        var pos = 0;
        while (true)
        {
            SkipSeparators(header, ref pos);
            var scheme = ReadToken(header, ref pos);
            if (scheme.Length == 0)
            {
                break;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSeparators(header, ref pos);
                var start = pos;
                var name = ReadToken(header, ref pos);
                SkipSpaces(header, ref pos);
                if (name.Length == 0 || pos >= header.Length || header[pos] != '=')
                {
                    pos = start; // a token without '=' starts the next challenge
                    break;
                }

                pos++;
                SkipSpaces(header, ref pos);
                var value = pos < header.Length && header[pos] == '"' ? ReadQuoted(header, ref pos) : ReadToken(header, ref pos);
                parameters.TryAdd(name, value);
            }

            result.Add(new AuthChallenge(scheme, parameters));
        }

        return result;
    }

    /// <summary>All challenges of every <c>WWW-Authenticate</c> header of a response.</summary>
    public static IReadOnlyList<AuthChallenge> FromResponse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var list = new List<AuthChallenge>();
        if (response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values))
        {
            foreach (var value in values)
            {
                list.AddRange(Parse(value));
            }
        }

        return list;
    }

    public override string ToString() =>
        $"{Scheme} {string.Join(',', Parameters.Select(p => $"{p.Key}=\"{p.Value}\""))}";

    private static void SkipSeparators(string s, ref int pos)
    {
        while (pos < s.Length && (s[pos] == ',' || char.IsWhiteSpace(s[pos])))
        {
            pos++;
        }
    }

    private static void SkipSpaces(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            pos++;
        }
    }

    private static string ReadToken(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && !char.IsWhiteSpace(s[pos]) && s[pos] is not (',' or '=' or '"'))
        {
            pos++;
        }

        return s[start..pos];
    }

    private static string ReadQuoted(string s, ref int pos)
    {
        var builder = new StringBuilder();
        pos++; // opening quote
        while (pos < s.Length && s[pos] != '"')
        {
            if (s[pos] == '\\' && pos + 1 < s.Length)
            {
                pos++;
            }

            builder.Append(s[pos]);
            pos++;
        }

        pos = Math.Min(pos + 1, s.Length); // closing quote
        return builder.ToString();
    }
}
