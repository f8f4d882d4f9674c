using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// <c>dotnet publish -p:ContainerBuildInContainer=true</c> (issue 8): a copy of samples/WebApi is restored, built and
/// published inside the local SDK image, never on the host, and its image carries the project's container items and
/// answers like the host-published one.
/// </summary>
public sealed class InContainerPublishTests
{
    private static readonly Lazy<bool> StaleSdkRemoved = new(RemoveStaleSdkFromNuGetCacheMount);

    private static string Registry => TestEnvironment.Registry;

    [Fact]
    public async Task PublishContainer_true_builds_inside_the_SDK_image_with_the_projects_ports_env_and_labels_and_the_image_answers()
    {
        Requires.Registry();
        Requires.Docker();
        Requires.Program("runc");
        using var project = InContainerProject();
        var tag = ContainerTools.UniqueTag();
        project.Environment["SOURCE_DATE_EPOCH"] = "1700000000";

        var publish = await project.PublishAsync("-p:PublishContainer=true", "-p:ContainerBuildInContainer=true", $"-p:ContainerRegistry={Registry}",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerImageTag={tag}", "-p:ContainerProgress=plain",
            "-getProperty:GeneratedContainerDigest", "-getProperty:ContainerSdkImage", "-getItem:GeneratedContainerPlatform");

        Assert.True(publish.ExitCode == 0, publish.Output);
        AssertNothingCompiledOnTheHost(project);
        using var outputs = JsonDocument.Parse(publish.StandardOutput);
        Assert.Equal($"{Registry}/dotnet/sdk:10.0", outputs.RootElement.GetProperty("Properties").GetProperty("ContainerSdkImage").GetString());
        var reference = $"{Registry}/samples/webapi:{tag}";
        var manifest = await ContainerTools.RawAsync("docker://" + reference);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.GetRawText())));
        Assert.Equal(digest, outputs.RootElement.GetProperty("Properties").GetProperty("GeneratedContainerDigest").GetString());
        Assert.Equal("linux/amd64", outputs.RootElement.GetProperty("Items").GetProperty("GeneratedContainerPlatform")[0].GetProperty("Platform").GetString());

        var config = await ContainerTools.ConfigAsync("docker://" + reference);
        var settings = config.GetProperty("config");
        Assert.Equal(["dotnet", "/app/WebApi.dll"], settings.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("1654", settings.GetProperty("User").GetString());
        Assert.True(settings.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), config.ToString());
        Assert.True(settings.GetProperty("ExposedPorts").TryGetProperty("9191/udp", out _), config.ToString());
        Assert.Contains("GREETING=from-the-project", settings.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        var labels = settings.GetProperty("Labels");
        Assert.Equal("in-container", labels.GetProperty("com.example.built").GetString());
        Assert.Equal("2023-11-14T22:13:20Z", labels.GetProperty("org.opencontainers.image.created").GetString());
        Assert.Equal($"{Registry}/dotnet/aspnet:10.0", labels.GetProperty("org.opencontainers.image.base.name").GetString());
        Assert.StartsWith("2023-11-14T22:13:20", config.GetProperty("created").GetString(), StringComparison.Ordinal);

        var answer = await ContainerTools.GetFromContainerAsync(reference);
        using var json = JsonDocument.Parse(answer);
        Assert.Equal("Hello from ContainerBuild", json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Target_PublishContainer_builds_inside_the_SDK_image_into_an_archive_without_compiling_on_the_host()
    {
        Requires.Registry();
        Requires.Program("runc");
        using var project = InContainerProject();
        var archive = Path.Combine(project.Directory, "image-out") + "/";

        var publish = await project.PublishAsync("-t:PublishContainer", "-p:ContainerBuildInContainer=true", $"-p:ContainerArchiveOutputPath={archive}",
            $"-p:ContainerDefaultBaseRegistry={Registry}", "-p:ContainerProgress=plain", "-v:n");

        Assert.True(publish.ExitCode == 0, publish.Output);
        AssertNothingCompiledOnTheHost(project);
        Assert.Contains("RUN dotnet publish WebApi/WebApi.csproj --no-restore -r linux-x64", publish.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(archive, "samples", "webapi.tar.gz")), publish.Output);
    }

    // The sample with the SDK package (from the tests' feed, which the restore step gets mounted) and container items of its own.
    private static SdkProject InContainerProject()
    {
        _ = StaleSdkRemoved.Value;
        var project = SdkProject.FromSample("WebApi", SdkReference.PackageReference);
        project.AddToProject("""
              <ItemGroup>
                <ContainerPort Include="9191" Type="udp" />
                <ContainerEnvironmentVariable Include="GREETING" Value="from-the-project" />
                <ContainerLabel Include="com.example.built" Value="in-container" />
              </ItemGroup>
            """);
        return project;
    }

    // Neither the app's assembly nor a publish folder exists on the host: the build ran in the SDK image only.
    private static void AssertNothingCompiledOnTheHost(SdkProject project)
    {
        var bin = Path.Combine(project.Directory, "bin");
        Assert.False(Directory.Exists(bin) && Directory.EnumerateFiles(bin, "WebApi.dll", SearchOption.AllDirectories).Any(), "the host compiled the app");
        var obj = Path.Combine(project.Directory, "obj");
        Assert.False(Directory.Exists(obj) && Directory.EnumerateFiles(obj, "WebApi.dll", SearchOption.AllDirectories).Any(), "the host compiled the app");
    }

    // The NuGet cache mount keeps a package by id and version: this run's repacked ContainerBuild.Sdk must not meet an older 0.1.0 there.
    private static bool RemoveStaleSdkFromNuGetCacheMount()
    {
        var mount = Path.Combine(SdkFeed.StoreRoot, "mounts", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("nuget"))));
        var stale = Path.Combine(mount, "containerbuild.sdk");
        if (Directory.Exists(stale))
        {
            Directory.Delete(stale, recursive: true);
        }

        return true;
    }
}
