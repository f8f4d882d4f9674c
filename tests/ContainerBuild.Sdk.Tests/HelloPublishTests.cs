using System.Text;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// samples/Hello published every other way: into an archive, into dockerd, to a registry with basic auth (and with a
/// wrong password), to a registry that is not there, with bad input, and for two platforms at once.
/// </summary>
public sealed class HelloPublishTests(HelloProjectFixture fixture) : IClassFixture<HelloProjectFixture>
{
    private static string Registry => TestEnvironment.Registry;

    private SdkProject Project => fixture.Project;

    [Fact]
    public async Task An_archive_output_path_writes_the_image_to_a_file()
    {
        using var output = new TempDirectory("cb-sdk-archive");

        var publish = await Project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}",
            $"-p:ContainerArchiveOutputPath={output.Path}/");

        Assert.True(publish.ExitCode == 0, publish.Output);
        // A folder gets <repository>.tar.gz, as the SDK names it; the repository samples/hello makes a sub-folder.
        var archive = Assert.Single(Directory.GetFiles(output.Path, "*", SearchOption.AllDirectories));
        Assert.Equal(Path.Combine(output.Path, "samples", "hello.tar.gz"), archive);
        var transport = await IsOciArchiveAsync(archive) ? "oci-archive:" : "docker-archive:";
        var config = await ContainerTools.ConfigAsync(transport + archive);
        Assert.Equal(["dotnet", "/app/Hello.dll"], config.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ContainerGenerateLabels_false_leaves_out_the_base_labels_and_WorkingDir_is_written_as_given()
    {
        using var output = new TempDirectory("cb-sdk-archive");
        var archive = output.Combine("hello.tar");

        var publish = await Project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}",
            $"-p:ContainerArchiveOutputPath={archive}", "-p:ContainerGenerateLabels=false");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var transport = await IsOciArchiveAsync(archive) ? "oci-archive:" : "docker-archive:";
        var config = (await ContainerTools.ConfigAsync(transport + archive)).GetProperty("config");
        var labels = config.TryGetProperty("Labels", out var found) && found.ValueKind == System.Text.Json.JsonValueKind.Object
            ? found.EnumerateObject().Select(l => l.Name).ToList()
            : [];
        Assert.DoesNotContain("org.opencontainers.image.base.name", labels);
        Assert.DoesNotContain("org.opencontainers.image.base.digest", labels);
        Assert.DoesNotContain("org.opencontainers.image.created", labels);
        Assert.Equal("/app/", config.GetProperty("WorkingDir").GetString());
    }

    [Fact]
    public async Task LocalRegistry_Docker_loads_the_image_into_dockerd()
    {
        Requires.Docker();
        var tag = ContainerTools.UniqueTag();

        var publish = await Project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}",
            "-p:LocalRegistry=Docker", $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var run = await ContainerTools.DockerAsync("run", "--rm", $"samples/hello:{tag}", "from", "docker");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Hello, from docker!", run.StandardOutput, StringComparison.Ordinal);
        await ContainerTools.DockerAsync("rmi", $"samples/hello:{tag}");
    }

    [Fact]
    public async Task A_registry_with_basic_auth_takes_the_docker_config_credentials()
    {
        Requires.BasicAuthRegistry();
        var tag = ContainerTools.UniqueTag();
        using var dockerConfig = DockerConfig(TestEnvironment.BasicAuthRegistry, TestEnvironment.RegistryUser, TestEnvironment.RegistryPassword);

        var publish = await Project.PublishWithAsync(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dockerConfig.Path },
            "-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerRegistry={TestEnvironment.BasicAuthRegistry}",
            $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var manifest = await ContainerTools.RawAsync($"docker://{TestEnvironment.BasicAuthRegistry}/samples/hello:{tag}",
            $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}");
        Assert.True(manifest.GetProperty("layers").GetArrayLength() > 1);
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_error_that_says_what_to_do()
    {
        Requires.BasicAuthRegistry();
        using var dockerConfig = DockerConfig(TestEnvironment.BasicAuthRegistry, TestEnvironment.RegistryUser, "not-the-password");

        var publish = await Project.PublishWithAsync(new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dockerConfig.Path },
            "-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerRegistry={TestEnvironment.BasicAuthRegistry}");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CONTAINERBUILD102", publish.Output, StringComparison.Ordinal);
        Assert.Contains("docker login", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_is_not_there_is_an_error_that_names_it()
    {
        var publish = await Project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerDefaultBaseRegistry={Registry}", "-p:ContainerRegistry=127.0.0.1:9");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CONTAINERBUILD101", publish.Output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_base_image_is_an_error_that_points_at_ContainerBaseImage()
    {
        Requires.Registry();

        var publish = await Project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerBaseImage={Registry}/dotnet/no-such-image:10.0", $"-p:ContainerRegistry={Registry}");

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error CONTAINERBUILD104", publish.Output, StringComparison.Ordinal);
        Assert.Contains("ContainerBaseImage", publish.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-p:ContainerRepository=-hello", "CONTAINERBUILD001")]
    [InlineData("-p:ContainerPlatforms=linux/amd64%3Blinux/sparc64", "CONTAINERBUILD004")]
    [InlineData("-p:ContainerImageTag=.bad", "CONTAINERBUILD003")]
    public async Task Bad_input_fails_the_publish_with_its_code(string property, string code)
    {
        var publish = await Project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerRegistry={Registry}", property);

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains($"error {code}", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_platforms_make_one_index_without_rid_tags()
    {
        Requires.Registry();
        var tag = ContainerTools.UniqueTag();

        // Self-contained, so both platforms stand on runtime-deps, which the test registry has for amd64 and arm64.
        var publish = await Project.PublishAsync("-p:PublishContainer=true", "-p:ContainerPlatforms=linux/amd64%3Blinux/arm64", "-p:SelfContained=true",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerRegistry={Registry}", $"-p:ContainerImageTag={tag}",
            "-getProperty:GeneratedImageIndex", "-getProperty:GeneratedContainerDigest");

        Assert.True(publish.ExitCode == 0, publish.Output);
        using var outputs = System.Text.Json.JsonDocument.Parse(publish.StandardOutput);
        var generatedIndex = outputs.RootElement.GetProperty("Properties").GetProperty("GeneratedImageIndex").GetString()!;
        Assert.Contains("application/vnd.oci.image.index.v1+json", generatedIndex, StringComparison.Ordinal);
        var index = await ContainerTools.RawAsync($"docker://{Registry}/samples/hello:{tag}");
        Assert.Equal(index.GetRawText().Length, generatedIndex.Length);
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.GetProperty("mediaType").GetString());
        var architectures = index.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).Order();
        Assert.Equal(["amd64", "arm64"], architectures);
        var tags = await ProcessRunner.RunAsync(Requires.Program("skopeo"), ["list-tags", "--tls-verify=false", $"docker://{Registry}/samples/hello"],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain($"{tag}-linux", tags.StandardOutput, StringComparison.Ordinal);
        var arm64 = await ContainerTools.ConfigAsync($"docker://{Registry}/samples/hello:{tag}", architecture: "arm64");
        Assert.Equal("arm64", arm64.GetProperty("architecture").GetString());
        Assert.Equal(["/app/Hello"], arm64.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));

        // The arm64 image runs under emulation where binfmt has qemu for it.
        if (File.Exists("/proc/sys/fs/binfmt_misc/qemu-aarch64") && Requires.Docker() is { } docker)
        {
            var run = await ProcessRunner.RunAsync(docker, ["run", "--rm", "--platform", "linux/arm64", $"{Registry}/samples/hello:{tag}", "arm64"],
                timeout: TimeSpan.FromMinutes(3), cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("Hello, arm64!", run.StandardOutput, StringComparison.Ordinal);
        }
    }

    private static TempDirectory DockerConfig(string registry, string user, string password)
    {
        var folder = new TempDirectory("cb-sdk-docker-config");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var config = new Dictionary<string, object> { ["auths"] = new Dictionary<string, object> { [registry] = new Dictionary<string, string> { ["auth"] = auth } } };
        File.WriteAllText(folder.Combine("config.json"), System.Text.Json.JsonSerializer.Serialize(config));
        return folder;
    }

    private static async Task<bool> IsOciArchiveAsync(string archive)
    {
        var list = await ProcessRunner.RunAsync("tar", ["-tf", archive], cancellationToken: TestContext.Current.CancellationToken);
        return list.StandardOutput.Split('\n').Any(l => l.Trim() is "index.json" or "./index.json");
    }
}
