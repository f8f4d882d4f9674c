using System.Text;

namespace ContainerBuild.Registry.Tests;

public sealed class CredentialSourceTests
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_prefers_the_push_variables_then_the_generic_then_the_legacy_ones()
    {
        var all = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "push",
            ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "p1",
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "generic",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "p2",
            ["SDK_CONTAINER_REGISTRY_UNAME"] = "legacy",
            ["SDK_CONTAINER_REGISTRY_PWORD"] = "p3",
            ["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "pull",
            ["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "p4",
        };

        Assert.Equal("push", (await new EnvironmentCredentialSource(all).GetAsync("r.example", RegistryAccess.Push, ct))!.Username);
        all.Remove("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME");
        Assert.Equal("generic", (await new EnvironmentCredentialSource(all).GetAsync("r.example", RegistryAccess.Push, ct))!.Username);
        all.Remove("DOTNET_CONTAINER_REGISTRY_PWORD");
        Assert.Equal("legacy", (await new EnvironmentCredentialSource(all).GetAsync("r.example", RegistryAccess.Push, ct))!.Username);
    }

    [Fact]
    public async Task Pull_uses_only_the_pull_variables_unless_it_is_the_push_registry()
    {
        var generic = new Dictionary<string, string?> { ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "generic", ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "p" };

        Assert.Null(await new EnvironmentCredentialSource(generic).GetAsync("base.example", RegistryAccess.Pull, ct));
        Assert.Null(await new EnvironmentCredentialSource(generic, pushRegistry: "out.example").GetAsync("base.example", RegistryAccess.Pull, ct));
        Assert.Equal("generic", (await new EnvironmentCredentialSource(generic, pushRegistry: "out.example").GetAsync("out.example", RegistryAccess.Pull, ct))!.Username);

        generic["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "pull";
        generic["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "q";
        Assert.Equal("pull", (await new EnvironmentCredentialSource(generic).GetAsync("base.example", RegistryAccess.Pull, ct))!.Username);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("https://index.docker.io/v1/", "index.docker.io")]
    [InlineData("docker.io", "registry-1.docker.io")]
    [InlineData("http://127.0.0.1:5001/v2/", "127.0.0.1:5001")]
    [InlineData("MyRegistry.Example.com", "myregistry.example.com")]
    public async Task Config_keys_match_registry_names_as_Docker_matches_them(string key, string registry)
    {
        using var dir = new TempDirectory("cb-keys");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:secret"));
        await File.WriteAllTextAsync(dir.Combine("config.json"), "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}", ct);

        var credential = await CredentialStore.FromEnvironment(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dir.Path }).GetAsync(registry, RegistryAccess.Pull, ct);

        Assert.Equal("bob", credential?.Username);
        Assert.Equal("secret", credential?.Password);
    }

    [Fact]
    public async Task Podman_auth_json_and_REGISTRY_AUTH_FILE_are_read_after_Docker_config_and_identity_tokens_kept()
    {
        using var dir = new TempDirectory("cb-podman");
        Directory.CreateDirectory(dir.Combine("run", "containers"));
        await File.WriteAllTextAsync(dir.Combine("run", "containers", "auth.json"), """{"auths":{"podman.example":{"auth":"cDpx"}}}""", ct);
        await File.WriteAllTextAsync(dir.Combine("explicit.json"), """{"auths":{"explicit.example":{"identitytoken":"refresh-abc"}}}""", ct);
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = dir.Combine("nohome"),
            ["XDG_RUNTIME_DIR"] = dir.Combine("run"),
            ["REGISTRY_AUTH_FILE"] = dir.Combine("explicit.json"),
        };
        var store = CredentialStore.FromEnvironment(environment);

        Assert.Equal("p", (await store.GetAsync("podman.example", RegistryAccess.Pull, ct))?.Username);
        Assert.Equal("refresh-abc", (await store.GetAsync("explicit.example", RegistryAccess.Pull, ct))?.IdentityToken);
        Assert.Null(await store.GetAsync("unknown.example", RegistryAccess.Pull, ct));
    }

    [Fact]
    public void Insecure_registries_come_from_the_SDK_variable()
    {
        var list = RegistryClientOptions.InsecureRegistriesFrom(new Dictionary<string, string?> { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = "a.example:5000, b.example ,," });

        Assert.Equal(["a.example:5000", "b.example"], list);
    }

    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.8.9.1", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("registry.example.com", false)]
    [InlineData("10.0.0.1:5000", false)]
    public void Loopback_registries_are_recognised(string registry, bool loopback) =>
        Assert.Equal(loopback, RegistryHostName.IsLoopback(registry));
}
