using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// EXPOSE's port specs as Docker's <c>nat.ParsePortSpecs</c> reads them: <c>[ip:[hostPort]:]port[-end][/proto]</c>,
/// each port of a range once, the protocol lower-cased and tcp by default.
/// </summary>
internal static class PortSpecs
{
    public static IEnumerable<string> Parse(string spec, SourceRange location)
    {
        var protocol = "tcp";
        var text = spec;
        var slash = text.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = text[(slash + 1)..].ToLowerInvariant();
            text = text[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                throw new DockerfileParseException(location, $"invalid proto: {protocol}");
            }
        }

        // The container port is the last colon-separated part (an IPv6 host address may hold colons in brackets).
        var colon = text.LastIndexOf(':');
        var port = colon >= 0 ? text[(colon + 1)..] : text;
        var dash = port.IndexOf('-', StringComparison.Ordinal);
        var start = ParsePort(dash < 0 ? port : port[..dash], spec, location);
        var end = dash < 0 ? start : ParsePort(port[(dash + 1)..], spec, location);
        if (end < start)
        {
            throw new DockerfileParseException(location, $"invalid containerPort: {port}");
        }

        for (var p = start; p <= end; p++)
        {
            yield return p.ToString(CultureInfo.InvariantCulture) + "/" + protocol;
        }
    }

    private static int ParsePort(string text, string spec, SourceRange location) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new DockerfileParseException(location, $"invalid containerPort: {spec}");
}
