namespace ContainerBuild.Registry.Tests;

public sealed class TokenRealmPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5003/token")]
    [InlineData("http://localhost/token")]
    [InlineData("http://[::1]/token")]
    [InlineData("http://10.1.2.3/token")]
    [InlineData("http://172.20.0.1/token")]
    [InlineData("http://192.168.1.1/token")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/token")]
    [InlineData("http://[fd00::1]/token")]
    [InlineData("http://[::ffff:127.0.0.1]/token")]
    public void An_internal_realm_for_a_public_registry_is_refused(string realm)
    {
        var e = Assert.Throws<RegistryTokenRealmRejectedException>(() => TokenRealmPolicy.EnsureAllowed(new Uri(realm), "registry.example.com"));

        Assert.Contains("registry.example.com", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://auth.docker.io/token", "registry-1.docker.io")]
    [InlineData("https://8.8.8.8/token", "registry.example.com")]
    [InlineData("http://127.0.0.1:5003/token", "127.0.0.1:5002")]
    [InlineData("http://10.0.0.5/token", "localhost:5000")]
    [InlineData("http://192.168.0.9/token", "[::1]:5000")]
    public void A_public_realm_or_a_loopback_registry_is_allowed(string realm, string registry) =>
        Assert.Null(TokenRealmPolicy.Check(new Uri(realm), registry));

    [Fact]
    public void A_realm_that_is_not_http_is_refused() =>
        Assert.NotNull(TokenRealmPolicy.Check(new Uri("file:///etc/passwd"), "127.0.0.1:5000"));
}
