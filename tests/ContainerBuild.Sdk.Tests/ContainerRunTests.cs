using ContainerBuild.DotNet;
using ContainerBuild.Tasks.Diagnostics;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// <c>ContainerRun</c> items (issue 8): samples/WebApi published with an apt install before the app and a step after it,
/// and items the SDK refuses before anything is published, each with CONTAINERBUILD012 and what to write instead.
/// </summary>
public sealed class ContainerRunTests
{
    private static string Registry => TestEnvironment.Registry;

    [Fact]
    public async Task PublishContainer_runs_an_apt_install_before_the_app_and_a_Command_step_after_it()
    {
        Requires.Registry();
        Requires.Docker();
        Requires.Program("runc");
        using var project = SdkProject.FromSample("WebApi", SdkReference.PackageReference);
        project.AddToProject("""
              <ItemGroup>
                <ContainerRun Include="apt-get update &amp;&amp; apt-get install -y --no-install-recommends curl"
                              Mounts="type=cache,target=/var/cache/apt,sharing=locked;type=cache,target=/var/lib/apt,sharing=locked"
                              Network="host" />
                <ContainerRun Include="list app files" Command="ls > /app-files.txt; test -f WebApi.dll" Stage="AfterApp" />
              </ItemGroup>
            """);
        var tag = ContainerTools.UniqueTag();

        var publish = await project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerRegistry={Registry}",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var reference = $"{Registry}/samples/webapi:{tag}";
        var config = await ContainerTools.ConfigAsync("docker://" + reference);
        Assert.Equal("1654", config.GetProperty("config").GetProperty("User").GetString());
        var history = config.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("created_by").GetString()).ToList();
        Assert.Equal("RUN ls > /app-files.txt; test -f WebApi.dll", history[^1]);
        Assert.Contains("RUN apt-get update && apt-get install -y --no-install-recommends curl", history);

        var curl = await ContainerTools.DockerAsync("run", "--rm", "--network=none", "--entrypoint", "curl", reference, "--version");
        Assert.StartsWith("curl ", curl.EnsureSuccess("docker run curl --version").StandardOutput, StringComparison.Ordinal);
        var files = await ContainerTools.DockerAsync("run", "--rm", "--network=none", "--entrypoint", "cat", reference, "/app-files.txt");
        Assert.Contains("WebApi.dll", files.EnsureSuccess("docker run cat").StandardOutput.Split('\n'));
        await ContainerTools.DockerAsync("rmi", "-f", reference);
    }

    [Fact]
    public async Task Bad_mounts_network_and_stage_fail_ComputeContainerConfig_with_CONTAINERBUILD012_each()
    {
        using var project = SdkProject.Create(SdkReference.SdkElement, """
            <ItemGroup>
              <ContainerRun Include="echo fine" Mounts="type=cache,target=/root/.cache" Network="none" Stage="AfterApp" />
              <ContainerRun Include="echo bind" Mounts="type=cache,target=/var/cache/apt;type=bind,target=/src" />
              <ContainerRun Include="echo bridge" Network="bridge" />
              <ContainerRun Include="echo early" Stage="BeforeBase" />
            </ItemGroup>
            """);

        var result = await project.EvaluateAsync("ComputeContainerConfig", ["ContainerBaseImage"], []);

        Assert.NotEqual(0, result.Result.ExitCode);
        var errors = result.Result.Output.Split('\n').Where(l => l.Contains("error " + DiagnosticCodes.InvalidContainerRun, StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("'echo bind' has Mounts 'type=bind,target=/src'", StringComparison.Ordinal) && e.Contains("type=cache,target=DIR", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'echo bridge' has Network 'bridge'", StringComparison.Ordinal) && e.Contains("default, none or host", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'echo early' has Stage 'BeforeBase'", StringComparison.Ordinal) && e.Contains("BeforeApp", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("echo fine", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ContainerRunSetting.Mounts, "Dockerfile RUN --mount")]
    [InlineData(ContainerRunSetting.WorkingDirectory, "absolute path")]
    [InlineData(ContainerRunSetting.User, "user name or id")]
    [InlineData(ContainerRunSetting.Command, "Command metadata")]
    public void Each_rejected_setting_says_what_to_write(ContainerRunSetting setting, string help)
    {
        var diagnostic = ContainerRunDiagnostics.Describe(new InvalidContainerRunException("make", setting, "x", "not valid"));

        Assert.Equal("CONTAINERBUILD012", diagnostic.Code);
        Assert.StartsWith($"ContainerRun 'make' has {setting} 'x', which cannot be used: not valid. ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(help, diagnostic.Message, StringComparison.Ordinal);
    }
}
