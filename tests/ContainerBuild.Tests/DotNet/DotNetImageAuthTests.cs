using System.Text;
using ContainerBuild.DotNet;
using ContainerBuild.Registry;
using static ContainerBuild.Tests.DotNet.DotNetBuilds;

namespace ContainerBuild.Tests.DotNet;

/// <summary>A .NET image pushed to the basic-auth registry with Docker's credentials file, and what a wrong password gives.</summary>
public sealed class DotNetImageAuthTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-dotnet-auth");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Docker_credentials_push_to_the_basic_auth_registry_pulling_the_base_from_it_too()
    {
        Requires.BasicAuthRegistry();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));
        var registry = TestEnvironment.BasicAuthRegistry;
        var repository = NewRepository("auth");

        var result = await new DotNetImageBuilder().BuildAsync(Request(registry, repository, TestEnvironment.RegistryPassword, app), Token);

        var name = $"{registry}/{repository}:1";
        Assert.Equal([name], result.Names);
        var inspected = await Build.CopyBuilds.SkopeoAsync("--creds", $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}", $"docker://{name}");
        Assert.Equal(result.Digest.ToString(), inspected.GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task A_wrong_password_fails_with_the_typed_registry_exception_and_never_shows_the_password()
    {
        Requires.BasicAuthRegistry();
        var app = await PublishedApp.SharedAsync(PublishedApp.Sample("Hello"));

        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            new DotNetImageBuilder().BuildAsync(Request(TestEnvironment.BasicAuthRegistry, NewRepository("auth"), "not-the-password", app), Token));

        Assert.Contains(TestEnvironment.BasicAuthRegistry, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", e.ToString(), StringComparison.Ordinal);
    }

    // A Docker config.json with the registry's credentials, named by DOCKER_CONFIG in the environment the host read.
    private DotNetImageRequest Request(string registry, string repository, string password, PublishedApp app)
    {
        var dockerConfig = temp.Combine("docker");
        Directory.CreateDirectory(dockerConfig);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RegistryUser}:{password}"));
        var auths = new Dictionary<string, Dictionary<string, Dictionary<string, string>>> { ["auths"] = new() { [registry] = new() { ["auth"] = auth } } };
        File.WriteAllText(Path.Combine(dockerConfig, "config.json"), System.Text.Json.JsonSerializer.Serialize(auths));
        return DotNetBuilds.Request(app, $"{registry}/busybox:amd64", repository, temp, "dotnet", "/app/Hello.dll") with
        {
            Registry = registry,
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOCKER_CONFIG"] = dockerConfig, ["HOME"] = temp.Path },
        };
    }
}
