using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Conversion.ConversionHarness;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

public sealed class ConfigTests
{
    [Fact]
    public async Task Workdir_chains_relative_paths_and_makes_each_directory_owned_by_the_user()
    {
        const string dockerfile = """
            FROM busybox
            WORKDIR /app
            USER app
            WORKDIR src
            WORKDIR /
            RUN pwd
            """;

        var converted = await ConvertAsync(dockerfile);

        var mkdirs = converted.FileActions.Where(a => a.Mkdir is not null).Select(a => a.Mkdir).ToList();
        Assert.Equal(["/app", "/app/src"], mkdirs.Select(m => m.Path));
        Assert.All(mkdirs, m => Assert.True(m.MakeParents));
        Assert.Null(mkdirs[0].Owner);
        Assert.Equal("app", mkdirs[1].Owner.User.ByName.Name);
        Assert.Equal("/", converted.Metadata.WorkingDir);
        Assert.Contains("[2/5] WORKDIR /app", converted.Names);
        Assert.Contains("[3/5] WORKDIR src", converted.Names);
        Assert.Contains("[4/5] RUN pwd", converted.Names); // WORKDIR / counts but makes no op, as in BuildKit
        Assert.Equal("app", converted.Exec.Meta.User);
    }

    [Fact]
    public async Task Expose_expands_splits_ranges_and_defaults_to_tcp()
    {
        var converted = await ConvertAsync("FROM busybox\nARG PORT=8080\nEXPOSE $PORT 53/UDP 9000-9002\n");

        Assert.Equal(["53/udp", "8080/tcp", "9000/tcp", "9001/tcp", "9002/tcp"], converted.Metadata.ExposedPorts);
    }

    [Fact]
    public async Task Volume_stopsignal_healthcheck_and_user_reach_the_config()
    {
        const string dockerfile = """
            FROM busybox
            ARG NAME=app
            VOLUME /data ["/logs"]
            STOPSIGNAL SIGQUIT
            HEALTHCHECK --interval=5s --retries=3 CMD wget -q localhost
            USER ${NAME}:${NAME}
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Contains("/data", converted.Metadata.Volumes);
        Assert.Equal("SIGQUIT", converted.Metadata.StopSignal);
        Assert.Equal(["CMD-SHELL", "wget -q localhost"], converted.Metadata.Healthcheck!.Test);
        Assert.Equal(TimeSpan.FromSeconds(5), converted.Metadata.Healthcheck.Interval);
        Assert.Equal(3, converted.Metadata.Healthcheck.Retries);
        Assert.Equal("app:app", converted.Metadata.User);
    }

    [Fact]
    public async Task Entrypoint_drops_an_inherited_cmd_but_keeps_one_set_before_it_in_the_stage()
    {
        var inherited = await ConvertAsync("FROM busybox\nENTRYPOINT [\"/app\"]\n");
        Assert.Equal(["/app"], inherited.Metadata.Entrypoint!.Value);
        Assert.Null(inherited.Metadata.Cmd);

        Assert.False(inherited.Metadata.ArgsEscaped);

        var own = await ConvertAsync("FROM busybox\nCMD [\"--help\"]\nENTRYPOINT /app run\n");
        Assert.True(own.Metadata.ArgsEscaped); // BuildKit sets it with every CMD
        Assert.Equal(["/bin/sh", "-c", "/app run"], own.Metadata.Entrypoint!.Value);
        Assert.Equal(["--help"], own.Metadata.Cmd!.Value);
    }

    [Fact]
    public async Task Maintainer_sets_the_author_and_onbuild_is_recorded()
    {
        var converted = await ConvertAsync("FROM busybox\nMAINTAINER Jane <jane@example.com>\nONBUILD COPY . /src\n");

        Assert.Equal("Jane <jane@example.com>", converted.Metadata.Author);
        Assert.Equal(["COPY . /src"], converted.Metadata.OnBuild);
        Assert.Contains(converted.Result.Warnings, w => w.Contains("Maintainer instruction is deprecated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_undefined_variable_with_an_error_operator_fails_on_its_line()
    {
        var error = await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox\nENV A=${MISSING:?unset}\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("unset", error.Message, StringComparison.Ordinal);
    }
}
