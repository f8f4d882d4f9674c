using ContainerBuild.DotNet;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.DotNet;

/// <summary>The SDK's config rules: user from APP_UID, ports from ASPNETCORE_*, entrypoint and cmd per instruction, base labels, owner.</summary>
public sealed class DotNetImageConfigTests
{
    private static readonly ImageReference BaseName = ImageReference.Parse("mcr.microsoft.com/dotnet/aspnet:10.0");
    private static readonly Digest BaseDigest = Digest.Compute("base"u8.ToArray());

    [Theory]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080" }, new[] { "8080/tcp" })]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=8080;8081", "ASPNETCORE_HTTPS_PORTS=8443" }, new[] { "8080/tcp", "8081/tcp", "8443/tcp" })]
    [InlineData(new[] { "ASPNETCORE_URLS=http://+:80;https://[::]:443/;http://localhost", "ASPNETCORE_HTTP_PORTS=8080" }, new[] { "80/tcp", "443/tcp" })]
    [InlineData(new[] { "ASPNETCORE_HTTP_PORTS=abc; 5000 ;0" }, new[] { "5000/tcp" })]
    [InlineData(new[] { "PATH=/bin" }, new string[0])]
    public void AspNetCore_variables_give_the_ports_the_SDK_exposes(string[] environment, string[] expected) =>
        Assert.Equal(expected, AspNetCorePorts.FromEnvironment(environment));

    [Fact]
    public void The_default_user_is_APP_UID_and_it_owns_the_app_files()
    {
        var config = For(new DotNetImageRequest { BaseImage = "b", Platforms = [], Repository = "r", AppCommand = ["dotnet", "/app/a.dll"] }, Base(env: ["APP_UID=1654", "ASPNETCORE_HTTP_PORTS=8080"], user: "root"));

        Assert.Equal("1654", config.User);
        Assert.Equal("1654", config.Metadata.User);
        Assert.Equal(new FileOwner(UserReference.FromId(1654)), config.Owner);
        Assert.Equal(["8080/tcp"], config.Ports);
        Assert.Equal("/app", config.WorkingDirectory);
        Assert.Equal(["dotnet", "/app/a.dll"], config.Metadata.Entrypoint!.Value);
        Assert.Empty(config.Metadata.Cmd!.Value);
        Assert.Equal(BaseName.ToString(), config.Metadata.Labels[DotNetImageConfig.BaseNameLabel]);
        Assert.Equal(BaseDigest.ToString(), config.Metadata.Labels[DotNetImageConfig.BaseDigestLabel]);
    }

    [Fact]
    public void ContainerUser_and_ContainerAppFilesOwner_win_and_without_any_user_root_owns_the_files()
    {
        var request = new DotNetImageRequest { BaseImage = "b", Platforms = [], Repository = "r", User = "app", AppFilesOwner = "1000:1000" };
        var explicitUser = For(request, Base(env: ["APP_UID=1654"]));
        var baseUser = For(request with { User = null, AppFilesOwner = null }, Base(user: "nobody"));
        var none = For(request with { User = null, AppFilesOwner = null }, Base());

        Assert.Equal("app", explicitUser.User);
        Assert.Equal(FileOwner.FromIds(1000, 1000), explicitUser.Owner);
        Assert.Equal("nobody", baseUser.User);
        Assert.Equal(new FileOwner(UserReference.FromName("nobody")), baseUser.Owner);
        Assert.Null(none.User);
        Assert.Equal(FileOwner.FromIds(0, 0), none.Owner);
    }

    [Fact]
    public void Request_ports_and_env_add_to_what_the_base_says_and_user_labels_are_kept()
    {
        var request = new DotNetImageRequest
        {
            BaseImage = "b",
            Platforms = [],
            Repository = "r",
            Ports = ["9000", "53/UDP"],
            EnvironmentVariables = [new("ASPNETCORE_HTTP_PORTS", "5000"), new("MODE", "x")],
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [DotNetImageConfig.BaseNameLabel] = "mine" },
            WorkingDirectory = "/srv/app/",
        };

        var config = For(request, Base(env: ["ASPNETCORE_HTTP_PORTS=8080"], ports: ["7000/tcp"]));

        Assert.Equal(["5000/tcp", "53/udp", "7000/tcp", "9000/tcp"], config.Ports);
        Assert.Equal(["ASPNETCORE_HTTP_PORTS=5000", "MODE=x"], config.Metadata.Env);
        Assert.Equal("mine", config.Metadata.Labels[DotNetImageConfig.BaseNameLabel]);
        Assert.Equal("/srv/app", config.WorkingDirectory);
    }

    [Theory]
    [InlineData("/app/", "/app")]
    [InlineData("/srv//app", "/srv/app")]
    [InlineData("/", "/")]
    public void The_config_keeps_ContainerWorkingDirectory_as_given_and_the_files_go_to_the_clean_path(string given, string clean)
    {
        var config = For(new DotNetImageRequest { BaseImage = "b", Platforms = [], Repository = "r", WorkingDirectory = given }, Base());

        Assert.Equal(given, config.Metadata.WorkingDir);
        Assert.Equal(clean, config.WorkingDirectory);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void The_base_name_and_digest_labels_are_added_only_when_asked(bool name, bool digest)
    {
        var request = new DotNetImageRequest { BaseImage = "b", Platforms = [], Repository = "r", GenerateBaseNameLabel = name, GenerateBaseDigestLabel = digest };

        var labels = For(request, Base()).Metadata.Labels;

        Assert.Equal(name, labels.ContainsKey(DotNetImageConfig.BaseNameLabel));
        Assert.Equal(digest, labels.ContainsKey(DotNetImageConfig.BaseDigestLabel));
    }

    [Fact]
    public void A_base_label_the_user_set_stays_when_generation_is_off()
    {
        var request = new DotNetImageRequest
        {
            BaseImage = "b",
            Platforms = [],
            Repository = "r",
            GenerateBaseNameLabel = false,
            GenerateBaseDigestLabel = false,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [DotNetImageConfig.BaseDigestLabel] = "mine" },
        };

        var labels = For(request, Base()).Metadata.Labels;

        Assert.Equal("mine", labels[DotNetImageConfig.BaseDigestLabel]);
        Assert.False(labels.ContainsKey(DotNetImageConfig.BaseNameLabel));
    }

    [Theory]
    [InlineData(null, new[] { "/app/App", "--fast" }, new[] { "x" })]
    [InlineData("Entrypoint", new[] { "/app/App", "--fast" }, new[] { "x" })]
    [InlineData("defaultargs", new[] { "/entry.sh" }, new[] { "/app/App", "--fast", "x" })]
    public void The_app_command_goes_where_the_instruction_says(string? instruction, string[] entrypoint, string[] cmd)
    {
        var (actualEntrypoint, actualCmd) = DotNetAppCommand.Resolve(instruction, ["/app/App"], ["--fast"], ["x"], ["/entry.sh"], ["bash"]);

        Assert.Equal(entrypoint, actualEntrypoint);
        Assert.Equal(cmd, actualCmd);
    }

    [Theory]
    [InlineData("dotnet")]
    [InlineData("/usr/bin/dotnet")]
    public void A_base_entrypoint_of_only_dotnet_is_dropped(string baseEntrypoint)
    {
        var (entrypoint, cmd) = DotNetAppCommand.Resolve("DefaultArgs", ["dotnet", "/app/a.dll"], [], [], [baseEntrypoint], null);

        Assert.Empty(entrypoint);
        Assert.Equal(["dotnet", "/app/a.dll"], cmd);
    }

    [Fact]
    public void None_keeps_the_bases_entrypoint_and_cmd_unless_default_args_are_given_and_refuses_an_app_command()
    {
        Assert.Equal("/entry.sh|bash", Text(DotNetAppCommand.Resolve("None", [], [], [], ["/entry.sh"], ["bash"])));
        Assert.Equal("/entry.sh|run", Text(DotNetAppCommand.Resolve("None", [], [], ["run"], ["/entry.sh"], ["bash"])));
        Assert.Throws<ArgumentException>(() => DotNetAppCommand.Resolve("None", ["dotnet"], [], [], null, null));
        Assert.Throws<ArgumentException>(() => DotNetAppCommand.Resolve("Entrypoint", [], ["--x"], [], null, null));
        Assert.Throws<ArgumentException>(() => DotNetAppCommand.Resolve("Cmd", ["dotnet"], [], [], null, null));
    }

    [Theory]
    [InlineData("8080", "8080/tcp")]
    [InlineData("8080/TCP", "8080/tcp")]
    [InlineData(" 53/udp", "53/udp")]
    public void Ports_are_normalized(string port, string expected) => Assert.Equal(expected, DotNetImageConfig.NormalizePort(port));

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("80/sctp")]
    [InlineData("http")]
    public void Invalid_ports_are_refused(string port) => Assert.Throws<ArgumentException>(() => DotNetImageConfig.NormalizePort(port));

    private static string Text((IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd) resolved) =>
        string.Join(' ', resolved.Entrypoint) + "|" + string.Join(' ', resolved.Cmd);

    private static DotNetImageConfig For(DotNetImageRequest request, ImageConfig baseConfig) => DotNetImageConfig.For(request, baseConfig, BaseName, BaseDigest);

    private static ImageConfig Base(string[]? env = null, string? user = null, string[]? ports = null) => new()
    {
        Architecture = "amd64",
        OS = "linux",
        Config = new ContainerConfig { Env = env, User = user, ExposedPorts = ports },
        RootFileSystem = new RootFileSystem { DiffIds = [] },
    };
}
