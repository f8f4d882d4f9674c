using System.Net;
using System.Net.Sockets;

namespace ContainerBuild.Registry;

/// <summary>
/// Guards against a registry that sends the client, with its credentials, to an internal service:
/// a token realm on a loopback, private, link-local or unspecified address is refused unless the
/// registry itself is on loopback. Only literal addresses and localhost names are judged (no DNS).
/// </summary>
public static class TokenRealmPolicy
{
    /// <summary>Null when the realm may be used; else why not.</summary>
    public static string? Check(Uri realm, string registry)
    {
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(registry);
        if (!realm.IsAbsoluteUri || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            return $"the token realm of registry {registry} is not an http(s) URL";
        }

        if (RegistryHostName.IsLoopback(registry))
        {
            return null;
        }

        var host = realm.IdnHost.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"registry {registry} is not on loopback but its token realm {realm.Host} is";
        }

        if (IPAddress.TryParse(host, out var address) && IsInternal(address))
        {
            return $"registry {registry} is public but its token realm {realm.Host} is a loopback, private or link-local address";
        }

        return null;
    }

    /// <summary>Throws <see cref="RegistryTokenRealmRejectedException"/> when <see cref="Check"/> refuses the realm.</summary>
    public static void EnsureAllowed(Uri realm, string registry)
    {
        if (Check(realm, registry) is { } reason)
        {
            throw new RegistryTokenRealmRejectedException($"Refusing to ask the token service: {reason} (a possible request forgery).");
        }
    }

    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127); // carrier-grade NAT
        }

        var bytes = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || (bytes[0] & 0xfe) == 0xfc;
    }
}
