using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Cli.Tests;

/// <summary><c>imagetools inspect</c> and <c>create</c> against the real registries.</summary>
public sealed class ImageToolsCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Busybox => $"{TestEnvironment.Registry}/busybox:latest";

    [Fact]
    public async Task Inspect_prints_a_summary_of_the_index_like_buildx()
    {
        Requires.Registry();

        var run = await CliRun.RunAsync("imagetools", "inspect", Busybox);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Equal($"Name:      {Busybox}", lines[0]);
        Assert.Equal("MediaType: application/vnd.oci.image.index.v1+json", lines[1]);
        Assert.Equal($"Digest:    {await RegistryDigestAsync("busybox", "latest")}", lines[2]);
        Assert.Contains("Manifests:", lines);
        Assert.Contains("  Platform:  linux/amd64", lines);
        Assert.Contains("  Platform:  linux/arm64/v8", lines);
        Assert.Contains(lines, l => l.StartsWith($"  Name:      {TestEnvironment.Registry}/busybox@sha256:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Inspect_raw_prints_the_exact_bytes_of_the_index()
    {
        Requires.Registry();

        var run = await CliRun.RunAsync("imagetools", "inspect", "--raw", Busybox);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(await RegistryDigestAsync("busybox", "latest"), Digest.Compute(Encoding.UTF8.GetBytes(run.Output)).ToString());
    }

    [Fact]
    public async Task Inspect_json_holds_the_index_each_manifest_and_each_config()
    {
        Requires.Registry();

        var run = await CliRun.RunAsync("imagetools", "inspect", "--format", "json", Busybox);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(Busybox, root.GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("manifest").GetProperty("manifests").GetArrayLength());
        Assert.Equal("arm64", root.GetProperty("image").GetProperty("linux/arm64/v8").GetProperty("architecture").GetString());
        Assert.Equal("amd64", root.GetProperty("image").GetProperty("linux/amd64").GetProperty("architecture").GetString());
        Assert.True(root.GetProperty("manifests").GetProperty("linux/amd64").TryGetProperty("layers", out _));
    }

    [Fact]
    public async Task A_tag_that_does_not_exist_is_a_clear_not_found_error()
    {
        Requires.Registry();

        var run = await CliRun.RunAsync("imagetools", "inspect", $"{TestEnvironment.Registry}/busybox:no-such-tag");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.StartsWith("error: not found:", run.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-tag", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_that_does_not_parse_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("imagetools", "inspect", "Not A/Reference");

        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("Not A/Reference", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_registry_says_it_cannot_be_reached()
    {
        var run = await CliRun.RunAsync("imagetools", "inspect", "127.0.0.1:59999/busybox:latest");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("127.0.0.1:59999", run.Error, StringComparison.Ordinal);
        Assert.Contains("running", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("imagetools", "inspect", "--frobnicate", Busybox);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--frobnicate", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_a_target_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("imagetools", "create", Busybox);

        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("-t", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_combines_busybox_amd64_and_the_arm64_manifest_of_busybox_latest_into_a_new_index()
    {
        Requires.Registry();
        var skopeo = Requires.Program("skopeo");
        var inspect = await CliRun.RunAsync("imagetools", "inspect", "--format", "json", Busybox);
        using var json = JsonDocument.Parse(inspect.Output);
        var arm64 = json.RootElement.GetProperty("manifest").GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("platform").GetProperty("architecture").GetString() == "arm64").GetProperty("digest").GetString();
        var target = $"{TestEnvironment.Registry}/cb-test/combined-{Guid.NewGuid():N}:v1";

        var run = await CliRun.RunAsync("imagetools", "create", "-t", target, "--annotation", "org.example.note=combined", $"{TestEnvironment.Registry}/busybox:amd64", $"{TestEnvironment.Registry}/busybox@{arm64}");

        Assert.Equal(0, run.ExitCode);
        var digest = run.Output.Trim();
        var raw = (await ProcessRunner.RunAsync(skopeo, ["inspect", "--raw", "--tls-verify=false", $"docker://{target}"], cancellationToken: Token)).EnsureSuccess("skopeo inspect --raw");
        Assert.Equal(digest, Digest.Compute(Encoding.UTF8.GetBytes(raw.StandardOutput.TrimEnd('\n'))).ToString());
        var index = ImageIndex.Parse(Encoding.UTF8.GetBytes(raw.StandardOutput));
        Assert.Equal(["amd64", "arm64"], index.Manifests.Select(m => m.Platform!.Architecture));
        Assert.Equal(arm64, index.Manifests[1].Digest.ToString());
        Assert.Equal("combined", index.Annotations!["org.example.note"]);
    }

    [Fact]
    public async Task Create_dry_run_prints_the_index_json()
    {
        Requires.Registry();

        var run = await CliRun.RunAsync("imagetools", "create", "--dry-run", Busybox);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, ImageIndex.Parse(Encoding.UTF8.GetBytes(run.Output.Trim())).Manifests.Count);
    }

    [Fact]
    public async Task A_wrong_password_in_the_environment_is_a_clear_error_without_the_password()
    {
        Requires.Registry();
        Requires.BasicAuthRegistry();
        const string Secret = "wrong-password-5b9e";
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.RegistryUser,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = Secret,
        };

        var run = await CliRun.RunAsync(environment, "imagetools", "create", "-t", $"{TestEnvironment.BasicAuthRegistry}/cb-test/denied:v1", $"{TestEnvironment.Registry}/busybox:amd64");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("authentication", run.Error, StringComparison.Ordinal);
        Assert.Contains(TestEnvironment.BasicAuthRegistry, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_in_a_docker_config_is_a_clear_error_without_the_password()
    {
        Requires.BasicAuthRegistry();
        const string Secret = "wrong-password-c41d";
        using var config = new TempDirectory("cb-docker-config");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestEnvironment.RegistryUser}:{Secret}"));
        await File.WriteAllTextAsync(config.Combine("config.json"), "{\"auths\":{\"" + TestEnvironment.BasicAuthRegistry + "\":{\"auth\":\"" + auth + "\"}}}", Token);

        var run = await CliRun.RunAsync(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = config.Path }, "imagetools", "inspect", $"{TestEnvironment.BasicAuthRegistry}/busybox:latest");

        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("authentication", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.All, StringComparison.Ordinal);
        Assert.DoesNotContain(auth, run.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_password_in_the_environment_inspects_the_basic_auth_registry()
    {
        Requires.BasicAuthRegistry();
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.RegistryUser,
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = TestEnvironment.RegistryPassword,
        };

        var run = await CliRun.RunAsync(environment, "imagetools", "inspect", $"{TestEnvironment.BasicAuthRegistry}/busybox:latest");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Platform:  linux/arm64/v8", run.Output, StringComparison.Ordinal);
    }

    private static async Task<string> RegistryDigestAsync(string repository, string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{TestEnvironment.Registry}/v2/{repository}/manifests/{tag}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType.OciIndex.Value));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType.OciManifest.Value));
        using var response = await http.SendAsync(request, Token);
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }
}
