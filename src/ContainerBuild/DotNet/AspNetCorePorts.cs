using System.Globalization;

namespace ContainerBuild.DotNet;

/// <summary>
/// The ports an ASP.NET Core app listens on, read from the image's environment as the SDK does: <c>ASPNETCORE_URLS</c>
/// alone when set (Kestrel ignores the others then), else <c>ASPNETCORE_HTTP_PORTS</c> and <c>ASPNETCORE_HTTPS_PORTS</c>.
/// </summary>
public static class AspNetCorePorts
{
    public const string Urls = "ASPNETCORE_URLS";
    public const string HttpPorts = "ASPNETCORE_HTTP_PORTS";
    public const string HttpsPorts = "ASPNETCORE_HTTPS_PORTS";

    /// <summary>The ports as <c>8080/tcp</c>, in the order found, each once; values that are not ports are skipped.</summary>
    /// <param name="environment"><c>NAME=value</c> entries (a config's <c>Env</c>).</param>
    public static IReadOnlyList<string> FromEnvironment(IEnumerable<string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in environment)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        var ports = new List<string>();
        if (values.TryGetValue(Urls, out var urls) && !string.IsNullOrWhiteSpace(urls))
        {
            ports.AddRange(Split(urls).Select(PortOfUrl).OfType<int>().Select(Tcp));
        }
        else
        {
            foreach (var name in (string[])[HttpPorts, HttpsPorts])
            {
                if (values.TryGetValue(name, out var list))
                {
                    ports.AddRange(Split(list).Select(ParsePort).OfType<int>().Select(Tcp));
                }
            }
        }

        return [.. ports.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The port of <c>http://+:8080</c>, <c>https://[::]:443/</c>, <c>http://localhost:5000</c>; null when it names none.</summary>
    public static int? PortOfUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }

        var authority = url[(scheme + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        // An IPv6 host is bracketed ([::]:80), so the port follows the last colon after any ']'.
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') ? ParsePort(authority[(colon + 1)..]) : null;
    }

    private static int? ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;

    private static string Tcp(int port) => port.ToString(CultureInfo.InvariantCulture) + "/tcp";

    private static string[] Split(string list) => list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
