using System.Text.Json;

namespace ContainerBuild.Sdk.Tests;

/// <summary>
/// samples/WebApi published as a user would, each way in: the image lands in the local registry (base images from it
/// too, through ContainerDefaultBaseRegistry), carries the SDK's config, runs in docker and answers GET / with JSON.
/// </summary>
public sealed class WebApiPublishTests
{
    private static string Registry => TestEnvironment.Registry;

    [Fact]
    public async Task PackageReference_and_PublishContainer_true_give_an_image_that_answers()
    {
        Requires.Registry();
        Requires.Docker();
        using var project = SdkProject.FromSample("WebApi", SdkReference.PackageReference);
        var tag = ContainerTools.UniqueTag();
        project.Environment["SOURCE_DATE_EPOCH"] = "1700000000";

        var publish = await project.PublishAsync("-p:PublishContainer=true", $"-p:ContainerRegistry={Registry}",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var reference = $"{Registry}/samples/webapi:{tag}";
        var config = await ContainerTools.ConfigAsync("docker://" + reference);
        var settings = config.GetProperty("config");
        Assert.Equal(["dotnet", "/app/WebApi.dll"], settings.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/app/", settings.GetProperty("WorkingDir").GetString());
        Assert.Equal("1654", settings.GetProperty("User").GetString());
        Assert.True(settings.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), config.ToString());
        Assert.Equal("2023-11-14T22:13:20Z", settings.GetProperty("Labels").GetProperty("org.opencontainers.image.created").GetString());
        Assert.Equal($"{Registry}/dotnet/aspnet:10.0", settings.GetProperty("Labels").GetProperty("org.opencontainers.image.base.name").GetString());
        Assert.StartsWith("2023-11-14T22:13:20", config.GetProperty("created").GetString(), StringComparison.Ordinal);

        var answer = await ContainerTools.GetFromContainerAsync(reference);
        using var json = JsonDocument.Parse(answer);
        Assert.Equal("Hello from ContainerBuild", json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_sdk_form_and_target_PublishContainer_publish_zstd_oci_with_annotations()
    {
        Requires.Registry();
        using var project = SdkProject.FromSample("WebApi", SdkReference.SdkAttribute);
        project.AddToProject("""
              <PropertyGroup>
                <ContainerCompression>zstd</ContainerCompression>
                <ContainerImageFormat>OCI</ContainerImageFormat>
                <ContainerRepository>sdk-tests/webapi-sdk</ContainerRepository>
                <ContainerUser>root</ContainerUser>
              </PropertyGroup>
              <ItemGroup>
                <ContainerAnnotation Include="org.opencontainers.image.vendor" Value="ContainerBuild tests" />
                <ContainerEnvironmentVariable Include="GREETING" Value="hi:there" />
                <ContainerPort Include="9090" Type="udp" />
              </ItemGroup>
            """);
        var tag = ContainerTools.UniqueTag();

        var publish = await project.PublishAsync("-t:PublishContainer", $"-p:ContainerRegistry={Registry}",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var reference = $"docker://{Registry}/sdk-tests/webapi-sdk:{tag}";
        var manifest = await ContainerTools.RawAsync(reference);
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.GetProperty("mediaType").GetString());
        Assert.Equal("ContainerBuild tests", manifest.GetProperty("annotations").GetProperty("org.opencontainers.image.vendor").GetString());
        // Our layers are zstd; the base's stay as the base has them.
        Assert.Contains(manifest.GetProperty("layers").EnumerateArray(), l => l.GetProperty("mediaType").GetString() == "application/vnd.oci.image.layer.v1.tar+zstd");
        var settings = (await ContainerTools.ConfigAsync(reference)).GetProperty("config");
        Assert.Equal("root", settings.GetProperty("User").GetString());
        Assert.Contains("GREETING=hi:there", settings.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.True(settings.GetProperty("ExposedPorts").TryGetProperty("9090/udp", out _));
    }

    [Fact]
    public async Task The_DefaultContainer_publish_profile_publishes_the_image()
    {
        Requires.Registry();
        using var project = SdkProject.FromSample("WebApi", SdkReference.PackageReference);
        var tag = ContainerTools.UniqueTag();

        var publish = await project.PublishAsync("-p:PublishProfile=DefaultContainer", $"-p:ContainerRegistry={Registry}",
            $"-p:ContainerDefaultBaseRegistry={Registry}", $"-p:ContainerImageTag={tag}");

        Assert.True(publish.ExitCode == 0, publish.Output);
        var manifest = await ContainerTools.RawAsync($"docker://{Registry}/samples/webapi:{tag}");
        Assert.True(manifest.GetProperty("layers").GetArrayLength() > 1);
    }
}
