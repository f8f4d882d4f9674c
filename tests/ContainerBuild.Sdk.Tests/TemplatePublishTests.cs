namespace ContainerBuild.Sdk.Tests;

/// <summary>A project from each template publishes an image with the quick start's command.</summary>
public sealed class TemplatePublishTests
{
    [Theory]
    [InlineData("containerbuild-webapi", "aspnet")]
    [InlineData("containerbuild-worker", "runtime")]
    public async Task A_template_project_publishes_an_image(string template, string baseRepository)
    {
        Requires.Registry();
        SdkFeed.EnsurePacked();
        using var temp = new TempDirectory("cb-sdk-template");
        var hive = temp.Combine("hive");
        var environment = SdkFeed.Environment(temp.Combine("docker-config"));
        Directory.CreateDirectory(temp.Combine("docker-config"));
        var templates = Path.Combine(SdkFeed.Folder, $"ContainerBuild.Templates.{SdkFeed.Version}.nupkg");
        (await DotnetAsync(temp.Path, environment, "new", "install", templates, "--debug:custom-hive", hive)).EnsureSuccess("dotnet new install");
        (await DotnetAsync(temp.Path, environment, "new", template, "-n", "MyApp", "-o", "MyApp", "--debug:custom-hive", hive)).EnsureSuccess("dotnet new");
        var project = temp.Combine("MyApp");
        SdkFeed.WriteNuGetConfig(project);
        var tag = ContainerTools.UniqueTag();

        var publish = await DotnetAsync(project, environment, "publish", "-c", "Release", "-nologo", "-p:PublishContainer=true",
            $"-p:ContainerRegistry={TestEnvironment.Registry}", $"-p:ContainerDefaultBaseRegistry={TestEnvironment.Registry}", $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var config = await ContainerTools.ConfigAsync($"docker://{TestEnvironment.Registry}/myapp:{tag}");
        Assert.Equal($"{TestEnvironment.Registry}/dotnet/{baseRepository}:10.0",
            config.GetProperty("config").GetProperty("Labels").GetProperty("org.opencontainers.image.base.name").GetString());
    }

    private static Task<ProcessResult> DotnetAsync(string directory, Dictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", arguments, directory, environment, TimeSpan.FromMinutes(8), TestContext.Current.CancellationToken);
}
