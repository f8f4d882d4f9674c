using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry.Tests;

/// <summary>HTTPS for a registry that is not loopback; HTTPS then HTTP for one listed as insecure.</summary>
public sealed class SchemeTests
{
    private static readonly RetryPolicy Quick = new() { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) };
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_non_loopback_registry_is_spoken_to_over_https_unless_it_is_listed_insecure()
    {
        var address = NonLoopbackAddress();
        Requires.Component("a non-loopback IPv4 address on this machine", address is not null, "attach a network interface");
        var manifest = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""");
        await using var server = new FakeHttpServer(_ => FakeResponse.Of(200, manifest, ("Content-Type", MediaType.OciManifest.Value)), IPAddress.Any);
        var registry = $"{address}:{server.Port}";

        using (var strict = new RegistryClient(registry, new RegistryClientOptions { Retry = Quick }))
        {
            await Assert.ThrowsAsync<RegistryUnavailableException>(() => strict.GetManifestAsync("app", "latest", ct));
            Assert.Empty(server.Requests);
        }

        var environment = new Dictionary<string, string?> { [RegistryClientOptions.InsecureRegistriesVariable] = $"other.example,{registry}" };
        using var insecure = new RegistryClient(registry, new RegistryClientOptions { Retry = Quick, InsecureRegistries = RegistryClientOptions.InsecureRegistriesFrom(environment) });
        var got = await insecure.GetManifestAsync("app", "latest", ct);

        Assert.Equal(Digest.Compute(manifest), got.Digest);
        Assert.Contains(server.Requests, r => r.Path == "/v2/app/manifests/latest");
    }

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
