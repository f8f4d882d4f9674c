using ContainerBuild.Engine.Exporting;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Exporting;

public sealed class ImageConfigComposerTests
{
    private static readonly Digest BaseLayer = Digest.Compute("base"u8);
    private static readonly Digest NewLayer = Digest.Compute("new"u8);
    private static readonly DateTimeOffset SourceDate = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static readonly ImageConfig Base = new()
    {
        Created = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000),
        Architecture = "amd64",
        OS = "linux",
        Config = new ContainerConfig
        {
            Env = ["PATH=/usr/bin", "APP_UID=1654", "DOTNET_VERSION=10.0.0"],
            Cmd = ["sh"],
            Labels = new Dictionary<string, string> { ["base"] = "yes", ["shared"] = "base" },
            ExposedPorts = ["8080/tcp"],
            OnBuild = ["RUN echo base"],
            WorkingDir = "/",
        },
        RootFileSystem = new RootFileSystem { DiffIds = [BaseLayer] },
        History = [new HistoryEntry { Created = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), CreatedBy = "base step" }],
    };

    [Fact]
    public void The_metadata_overlays_the_base_config_as_docker_build_does()
    {
        var metadata = ImageMetadata.Empty
            .WithEnv("PATH", "/app:/usr/bin")
            .WithEnv("ASPNETCORE_URLS", "http://+:5000")
            .WithWorkingDir("/app") with
        {
            User = "app",
            Entrypoint = ["dotnet", "app.dll"],
            Labels = ImageMetadata.Empty.Labels.Add("shared", "app").Add("org.opencontainers.image.title", "app"),
            ExposedPorts = ImageMetadata.Empty.ExposedPorts.Add("5000/tcp"),
            StopSignal = "SIGTERM",
        };

        var config = ImageConfigComposer.Compose(Base, metadata, Platform.LinuxAmd64, [BaseLayer, NewLayer], ["COPY . /app"], SourceDate);

        var c = config.Config!;
        Assert.Equal(["PATH=/app:/usr/bin", "APP_UID=1654", "DOTNET_VERSION=10.0.0", "ASPNETCORE_URLS=http://+:5000"], c.Env);
        Assert.Equal("/app", c.WorkingDir);
        Assert.Equal("app", c.User);
        Assert.Equal(["dotnet", "app.dll"], c.Entrypoint);
        Assert.Null(c.Cmd);
        Assert.Equal(["5000/tcp", "8080/tcp"], c.ExposedPorts);
        Assert.Equal("yes", c.Labels!["base"]);
        Assert.Equal("app", c.Labels["shared"]);
        Assert.Equal("app", c.Labels["org.opencontainers.image.title"]);
        Assert.Equal("SIGTERM", c.StopSignal);
        Assert.Null(c.OnBuild);
    }

    [Fact]
    public void A_cmd_set_with_the_entrypoint_stays_and_an_inherited_cmd_stays_without_an_entrypoint()
    {
        var both = ImageConfigComposer.Overlay(Base.Config, (ImageMetadata.Empty with { Entrypoint = ["tini"], Cmd = ["app"] }).ToContainerConfig());
        Assert.Equal(["tini"], both.Entrypoint);
        Assert.Equal(["app"], both.Cmd);

        var inherited = ImageConfigComposer.Overlay(Base.Config, ImageMetadata.Empty.ToContainerConfig());
        Assert.Null(inherited.Entrypoint);
        Assert.Equal(["sh"], inherited.Cmd);
    }

    [Fact]
    public void Created_and_new_history_take_the_source_date_and_base_history_stays_as_it_is()
    {
        var config = ImageConfigComposer.Compose(Base, ImageMetadata.Empty, Platform.LinuxAmd64, [BaseLayer, NewLayer], ["COPY . /app"], SourceDate);

        Assert.Equal(SourceDate, config.Created);
        Assert.Equal([BaseLayer, NewLayer], config.RootFileSystem.DiffIds);
        Assert.Equal(2, config.History!.Count);
        Assert.Equal(Base.History![0], config.History[0]);
        Assert.Equal(new HistoryEntry { Created = SourceDate, CreatedBy = "COPY . /app" }, config.History[1]);
    }

    [Fact]
    public void Scratch_gets_a_config_from_the_metadata_alone()
    {
        var config = ImageConfigComposer.Compose(null, ImageMetadata.Empty with { Cmd = ["/hello"] }, Platform.LinuxArm64, [NewLayer], ["COPY hello /"], SourceDate);

        Assert.Equal(("linux", "arm64"), (config.OS, config.Architecture));
        Assert.Equal(["/hello"], config.Config!.Cmd);
        Assert.Equal(new HistoryEntry { Created = SourceDate, CreatedBy = "COPY hello /" }, Assert.Single(config.History!));
    }
}
