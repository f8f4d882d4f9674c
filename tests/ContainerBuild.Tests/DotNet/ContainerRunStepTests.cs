using ContainerBuild.DotNet;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using ContainerBuild.Oci;
using CacheSharingOpt = ContainerBuild.Graph.Pb.CacheSharingOpt;
using NetMode = ContainerBuild.Graph.Pb.NetMode;
using PbMountType = ContainerBuild.Graph.Pb.MountType;

namespace ContainerBuild.Tests.DotNet;

/// <summary>ContainerRun items read into steps (Dockerfile --mount syntax, defaults, rejections) and the exec ops they put in a .NET image's graph.</summary>
public sealed class ContainerRunStepTests
{
    private const string AptInstall = "apt-get update && apt-get install -y --no-install-recommends curl";
    private const string AptCaches = "type=cache,target=/var/cache/apt,sharing=locked;type=cache,target=/var/lib/apt,sharing=locked";

    [Fact]
    public void An_item_with_only_a_command_runs_before_the_app_as_root_on_the_default_network_without_mounts()
    {
        var step = ContainerRunStep.Parse("  echo hi  ", mounts: "", user: " ", network: "", workingDirectory: "", stage: "");

        Assert.Equal("echo hi", step.Command);
        Assert.Equal(ContainerRunStage.BeforeApp, step.Stage);
        Assert.Null(step.User);
        Assert.Equal(ExecNetwork.Sandbox, step.Network);
        Assert.Null(step.WorkingDirectory);
        Assert.Empty(step.Mounts);
    }

    [Fact]
    public void Mounts_are_Dockerfile_mount_values_separated_by_semicolons_or_new_lines_and_names_are_case_insensitive()
    {
        var step = ContainerRunStep.Parse("make", mounts: AptCaches + "\n type=tmpfs,target=scratch,size=64m ;", user: "app:app", network: "HOST", workingDirectory: "/src", stage: "afterapp");

        Assert.Equal(["/var/cache/apt", "/var/lib/apt", "scratch"], step.Mounts.Select(m => m.Target));
        Assert.Equal([MountType.Cache, MountType.Cache, MountType.Tmpfs], step.Mounts.Select(m => m.Type));
        Assert.All(step.Mounts.Take(2), m => Assert.Equal(CacheSharing.Locked, m.Sharing));
        Assert.Equal(64L * 1024 * 1024, step.Mounts[2].Size);
        Assert.Equal("app:app", step.User);
        Assert.Equal(ExecNetwork.Host, step.Network);
        Assert.Equal("/src", step.WorkingDirectory);
        Assert.Equal(ContainerRunStage.AfterApp, step.Stage);
        Assert.Equal(ExecNetwork.None, ContainerRunStep.Parse("true", network: "none").Network);
    }

    [Theory]
    [InlineData("", null, null, null, null, ContainerRunSetting.Command)]
    [InlineData("true", "type=bind,target=/src", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=secret,id=npm", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache,target=/c,from=build", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache,target=/c,source=/x", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache,target=/", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache,target=/c,sharing=sometimes", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache,target=/c,colour=blue", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=cache,target=/c;type=tmpfs,target=/c/", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", "type=volume,target=/c", null, null, null, ContainerRunSetting.Mounts)]
    [InlineData("true", null, "a b", null, null, ContainerRunSetting.User)]
    [InlineData("true", null, null, "bridge", null, ContainerRunSetting.Network)]
    [InlineData("true", null, null, null, "app", ContainerRunSetting.WorkingDirectory)]
    public void What_a_step_cannot_use_is_rejected_naming_the_setting_and_value(string command, string? mounts, string? user, string? network, string? workingDirectory, ContainerRunSetting setting)
    {
        var error = Assert.Throws<InvalidContainerRunException>(() => ContainerRunStep.Parse(command, mounts, user, network, workingDirectory));

        Assert.Equal(setting, error.Setting);
        Assert.NotEmpty(error.Reason);
        Assert.Contains($"{setting} '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_stage_is_rejected()
    {
        var error = Assert.Throws<InvalidContainerRunException>(() => ContainerRunStep.Parse("true", stage: "BeforeBase"));

        Assert.Equal(ContainerRunSetting.Stage, error.Setting);
        Assert.Equal("BeforeBase", error.Value);
        Assert.Equal("true", error.Step);
    }

    [Fact]
    public void Before_app_steps_run_on_the_base_and_the_app_layers_stack_on_them_without_depending_on_them_and_after_app_steps_run_on_the_stacked_image()
    {
        var before = ContainerRunStep.Parse(AptInstall, mounts: AptCaches, network: "host");
        var after = ContainerRunStep.Parse("ls > /files.txt", mounts: "type=tmpfs,target=tmp;type=cache,target=/c,id=shared,mode=0700,uid=1654", user: "1654", network: "none", stage: "AfterApp");
        var config = Config();

        var definition = DotNetImageGraph.For(ImageReference.Parse("127.0.0.1:5000/dotnet/aspnet:10.0"), Platform.LinuxAmd64, [new DotNetLayerSource(DotNetLayerKind.App, "app")], config, DateTimeOffset.UnixEpoch, namePlatform: false, [after, before])
            .Marshal(Platform.LinuxAmd64);

        var ops = definition.Vertices.ToDictionary(o => o.Digest);
        var execs = definition.Vertices.Where(o => o.Op.Exec is not null).ToList();
        Assert.Equal(2, execs.Count);
        var (install, listing) = (execs.Single(e => e.Op.Exec.Meta.Args[2] == AptInstall), execs.Single(e => e.Op.Exec.Meta.Args[2] != AptInstall));

        // Before the app: the shell form on the base image itself, as root, in the base's working directory, with the image's env.
        Assert.Equal(["/bin/sh", "-c", AptInstall], install.Op.Exec.Meta.Args);
        Assert.NotNull(ops[install.Inputs.Single().Digest].Op.Source);
        Assert.Equal("0", install.Op.Exec.Meta.User);
        Assert.Equal("/srv", install.Op.Exec.Meta.Cwd);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", install.Op.Exec.Meta.Env);
        Assert.Contains("GREETING=hi", install.Op.Exec.Meta.Env);
        Assert.Equal(NetMode.Host, install.Op.Exec.Network);
        var caches = install.Op.Exec.Mounts.Where(m => m.MountType == PbMountType.Cache).ToList();
        Assert.Equal(["/var/cache/apt", "/var/lib/apt"], caches.Select(m => m.Dest));
        Assert.Equal(["//var/cache/apt", "//var/lib/apt"], caches.Select(m => m.CacheOpt.ID));
        Assert.All(caches, m => Assert.Equal(CacheSharingOpt.Locked, m.CacheOpt.Sharing));
        Assert.Equal("RUN " + AptInstall, definition.GetCustomName(install.Digest));

        // The app's copy reads only its local source, so an app change never runs the install again; the merge stacks it on the install.
        var copy = definition.Vertices.Single(o => o.Op.File is not null && definition.GetCustomName(o.Digest) is { } name && name.StartsWith("COPY", StringComparison.Ordinal));
        Assert.DoesNotContain(copy.Inputs, i => i.Digest == install.Digest);
        var merge = definition.Vertices.Single(o => o.Op.Merge is not null);
        Assert.Equal(install.Digest, merge.Inputs[0].Digest);

        // After the app: on the stacked image, in the app's directory by default, as the user it names, relative mounts under it.
        Assert.Equal(merge.Digest, listing.Inputs[0].Digest);
        Assert.Equal("1654", listing.Op.Exec.Meta.User);
        Assert.Equal("/app", listing.Op.Exec.Meta.Cwd);
        Assert.Equal(NetMode.None, listing.Op.Exec.Network);
        Assert.Contains(listing.Op.Exec.Mounts, m => m.Dest == "/app/tmp" && m.MountType == PbMountType.Tmpfs);
        Assert.Contains(listing.Op.Exec.Mounts, m => m.Dest == "/c" && m.CacheOpt?.ID == "/shared" && m.Selector == "/cache");
        Assert.Equal(definition.Result!.Value.Digest, listing.Digest);
    }

    [Fact]
    public void A_user_given_by_name_owns_the_app_files_as_the_before_app_steps_left_passwd()
    {
        var before = ContainerRunStep.Parse("useradd --system web");
        var config = Config(user: "web");

        var definition = DotNetImageGraph.For(ImageReference.Parse("127.0.0.1:5000/dotnet/aspnet:10.0"), Platform.LinuxAmd64, [new DotNetLayerSource(DotNetLayerKind.App, "app")], config, DateTimeOffset.UnixEpoch, namePlatform: false, [before])
            .Marshal(Platform.LinuxAmd64);

        var exec = definition.Vertices.Single(o => o.Op.Exec is not null);
        var copy = definition.Vertices.Single(o => o.Op.File is not null);
        Assert.Contains(copy.Inputs, i => i.Digest == exec.Digest);
        Assert.Contains(definition.Vertices, o => o.Op.Diff is not null && o.Inputs.Any(i => i.Digest == exec.Digest));
    }

    private static DotNetImageConfig Config(string? user = null) => DotNetImageConfig.For(
        new DotNetImageRequest { BaseImage = "b", Platforms = [], Repository = "r", User = user, EnvironmentVariables = [new("GREETING", "hi")] },
        new ImageConfig
        {
            Architecture = "amd64",
            OS = "linux",
            Config = new ContainerConfig { Env = ["PATH=/usr/bin:/bin", "APP_UID=1654", "ASPNETCORE_HTTP_PORTS=8080"], WorkingDir = "/srv/" },
            RootFileSystem = new RootFileSystem { DiffIds = [] },
        },
        ImageReference.Parse("127.0.0.1:5000/dotnet/aspnet:10.0"),
        Digest.Compute("base"u8.ToArray()));
}
