using System.Text;

namespace ContainerBuild.Registry.Tests;

/// <summary>Authentication against the real basic-auth (:5001) and token-auth (:5002) registries.</summary>
public sealed class RegistryAuthTests
{
    private const string WrongPassword = "Wr0ng-pa55word-7f3a";
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("basic")]
    [InlineData("token")]
    public async Task A_wrong_password_is_an_authentication_error_that_names_the_registry_and_hides_the_password(string which)
    {
        var registry = TestRegistries.Require(which);
        var logged = new List<string>();
        using var client = TestRegistries.Client(registry, new RegistryCredential(TestEnvironment.RegistryUser, WrongPassword, source: "the test"), new RegistryClientOptions { Log = logged.Add });

        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.GetManifestAsync("busybox", "latest", ct));

        Assert.Contains(registry, e.Message, StringComparison.Ordinal);
        Assert.Contains("check your credentials", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("docker login", e.Message, StringComparison.Ordinal);
        Assert.Contains(TestEnvironment.RegistryUser, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RegistryUser}:{WrongPassword}")), e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logged, line => line.Contains(WrongPassword, StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(registry, e.Registry);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("basic")]
    [InlineData("token")]
    public async Task Ping_succeeds_with_the_right_credentials_and_fails_with_wrong_ones(string which)
    {
        var registry = TestRegistries.Require(which);
        using var good = TestRegistries.Client(registry, TestRegistries.Credential);
        await good.PingAsync(ct);

        if (which != "anonymous")
        {
            using var bad = TestRegistries.Client(registry, new RegistryCredential(TestEnvironment.RegistryUser, WrongPassword));
            await Assert.ThrowsAsync<RegistryAuthenticationException>(() => bad.PingAsync(ct));
        }
    }

    [Fact]
    public async Task An_anonymous_push_to_the_token_registry_is_denied()
    {
        Requires.TokenAuthRegistry();
        using var client = TestRegistries.Client(TestEnvironment.TokenAuthRegistry);
        var image = TestImage.Create(16);

        var e = await Assert.ThrowsAsync<RegistryAccessDeniedException>(() => client.PushBlobAsync(TestRegistries.NewRepository(), image.Layer, cancellationToken: ct));

        Assert.Contains("anonymous", e.Message, StringComparison.Ordinal);
        Assert.Contains(TestEnvironment.TokenAuthRegistry, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_pull_from_the_basic_registry_says_no_credentials_were_found()
    {
        Requires.BasicAuthRegistry();
        using var client = TestRegistries.Client(TestEnvironment.BasicAuthRegistry);

        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.ResolveAsync("busybox", "latest", ct));

        Assert.Contains("no credentials were found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_come_from_an_auths_entry_in_DOCKER_CONFIG()
    {
        Requires.BasicAuthRegistry();
        using var dir = new TempDirectory("cb-dockerconfig");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}"));
        await File.WriteAllTextAsync(dir.Combine("config.json"), "{\"auths\":{\"http://" + TestEnvironment.BasicAuthRegistry + "/v2/\":{\"auth\":\"" + auth + "\"}}}", ct);
        var store = CredentialStore.FromEnvironment(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dir.Path });

        using var client = new RegistryClient(TestEnvironment.BasicAuthRegistry, new RegistryClientOptions { Credentials = store });
        var image = TestImage.Create(64);
        var repository = TestRegistries.NewRepository("config");

        var descriptor = await client.ResolveAsync("busybox", "latest", ct);
        var pushed = await client.PushBlobAsync(repository, image.Layer, cancellationToken: ct);

        Assert.True(descriptor.MediaType.IsIndex);
        Assert.Equal(BlobPushOutcome.Uploaded, pushed.Outcome);
    }

    [Theory]
    [InlineData("credsStore")]
    [InlineData("credHelpers")]
    public async Task Credentials_come_from_a_credential_helper_on_PATH(string how)
    {
        Requires.BasicAuthRegistry();
        Requires.Component("a POSIX shell for the fake helper script", !OperatingSystem.IsWindows(), "run on Linux or macOS");
        using var dir = new TempDirectory("cb-credhelper");
        var asked = dir.Combine("asked.txt");
        var helper = dir.Combine("docker-credential-cbtest");
        await File.WriteAllTextAsync(helper, $$"""
            #!/bin/sh
            [ "$1" = get ] || exit 2
            read -r server
            printf '%s' "$server" > '{{asked}}'
            if [ "$server" = '{{TestEnvironment.BasicAuthRegistry}}' ]; then
              printf '{"ServerURL":"%s","Username":"{{TestEnvironment.RegistryUser}}","Secret":"{{TestEnvironment.RegistryPassword}}"}' "$server"
            else
              echo 'credentials not found in native keychain'; exit 1
            fi
            """.Replace("\r", "", StringComparison.Ordinal), ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var config = how == "credsStore"
            ? """{"credsStore":"cbtest"}"""
            : "{\"credHelpers\":{\"" + TestEnvironment.BasicAuthRegistry + "\":\"cbtest\"}}";
        await File.WriteAllTextAsync(dir.Combine("config.json"), config, ct);
        var environment = new Dictionary<string, string?>
        {
            ["DOCKER_CONFIG"] = dir.Path,
            ["PATH"] = dir.Path + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };

        using var client = new RegistryClient(TestEnvironment.BasicAuthRegistry, new RegistryClientOptions { Credentials = CredentialStore.FromEnvironment(environment) });
        var descriptor = await client.ResolveAsync("busybox", "latest", ct);

        Assert.True(descriptor.MediaType.IsIndex);
        Assert.Equal(TestEnvironment.BasicAuthRegistry, await File.ReadAllTextAsync(asked, ct));
    }

    [Fact]
    public async Task The_SDK_variables_authenticate_a_push_to_the_token_registry()
    {
        Requires.TokenAuthRegistry();
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = TestEnvironment.RegistryUser,
            ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = TestEnvironment.RegistryPassword,
        };
        using var client = new RegistryClient(TestEnvironment.TokenAuthRegistry, new RegistryClientOptions { Credentials = CredentialStore.FromEnvironment(environment) });

        var result = await client.PushBlobAsync(TestRegistries.NewRepository("env"), TestImage.Create(32).Layer, cancellationToken: ct);

        Assert.Equal(BlobPushOutcome.Uploaded, result.Outcome);
    }
}
