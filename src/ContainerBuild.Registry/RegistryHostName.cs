using System.Net;

namespace ContainerBuild.Registry;

/// <summary>Facts about a registry name (<c>host[:port]</c>): loopback or not, Docker Hub aliases, the key credentials are stored under.</summary>
public static class RegistryHostName
{
    /// <summary>The name Docker stores Docker Hub credentials under.</summary>
    public const string DockerHubConfigKey = "https://index.docker.io/v1/";

    /// <summary>The host that serves Docker Hub's registry API.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The canonical short name of Docker Hub.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The host part of <c>host[:port]</c>, without brackets around an IPv6 address.</summary>
    public static string HostOf(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (registry.StartsWith('['))
        {
            var end = registry.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? registry : registry[1..end];
        }

        var colons = registry.Count(c => c == ':');
        if (colons > 1)
        {
            return registry; // a bare IPv6 address
        }

        return colons == 1 ? registry[..registry.IndexOf(':', StringComparison.Ordinal)] : registry;
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1: plain HTTP is used for them, as Docker does.</summary>
    public static bool IsLoopback(string registry)
    {
        var host = HostOf(registry);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Whether the name is one of Docker Hub's aliases (docker.io, index.docker.io, registry-1.docker.io, https://index.docker.io/v1/).</summary>
    public static bool IsDockerHub(string registry) =>
        string.Equals(NormalizeConfigKey(registry), DockerHub, StringComparison.Ordinal);

    /// <summary>
    /// The host a credentials entry or a registry name refers to, as Docker matches them: scheme and
    /// path dropped, lower case, and every Docker Hub alias folded into <c>docker.io</c>.
    /// </summary>
    public static string NormalizeConfigKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = key.Trim();
        foreach (var scheme in (string[])["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                text = text[scheme.Length..];
                break;
            }
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        text = text.ToLowerInvariant();
        return text is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" or DockerHub ? DockerHub : text;
    }

    /// <summary>The server URL a credential helper is asked about: Docker Hub's legacy key, else the registry name.</summary>
    public static string CredentialHelperServerUrl(string registry) =>
        IsDockerHub(registry) ? DockerHubConfigKey : registry;

    /// <summary>The host (and port) that serves the registry API for this name.</summary>
    public static string ApiHost(string registry) => IsDockerHub(registry) ? DockerHubApiHost : registry;
}
