using static ContainerBuild.Frontend.Dockerfile.Tests.Conversion.ConversionHarness;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

public sealed class ArgAndEnvTests
{
    [Fact]
    public async Task Env_expands_against_the_stage_env_and_reaches_config_and_run()
    {
        const string dockerfile = """
            FROM busybox
            ENV PATH=$PATH:/opt/bin HOME_DIR=/home/app
            ENV DATA=${HOME_DIR}/data
            RUN env
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal("/bin:/opt/bin", converted.Metadata.GetEnv("PATH"));
        Assert.Equal("/home/app/data", converted.Metadata.GetEnv("DATA"));
        Assert.Equal("/bin:/opt/bin", Converted.EnvOf(converted.Exec, "PATH"));
        Assert.Equal("/home/app/data", Converted.EnvOf(converted.Exec, "DATA"));
    }

    [Fact]
    public async Task Pairs_of_one_env_see_the_values_from_before_it()
    {
        var converted = await ConvertAsync("FROM busybox\nENV abc=hello\nENV abc=bye def=$abc\n");

        Assert.Equal("bye", converted.Metadata.GetEnv("abc"));
        Assert.Equal("hello", converted.Metadata.GetEnv("def"));
    }

    [Fact]
    public async Task Args_enter_the_run_env_but_not_the_config()
    {
        const string dockerfile = """
            FROM busybox
            ARG VERSION=1.0
            ARG CHANNEL
            ARG DERIVED=v$VERSION
            RUN echo $VERSION
            """;

        var converted = await ConvertAsync(dockerfile, r => r with { BuildArgs = Args(("VERSION", "2.0")) });

        Assert.Equal("2.0", Converted.EnvOf(converted.Exec, "VERSION"));
        Assert.Equal("v2.0", Converted.EnvOf(converted.Exec, "DERIVED"));
        Assert.Null(Converted.EnvOf(converted.Exec, "CHANNEL"));
        Assert.Null(converted.Metadata.GetEnv("VERSION"));
    }

    [Fact]
    public async Task A_build_arg_changes_the_run_op_digest()
    {
        const string dockerfile = "FROM busybox\nARG V=1\nRUN true\n";

        var one = await ConvertAsync(dockerfile);
        var two = await ConvertAsync(dockerfile, r => r with { BuildArgs = Args(("V", "2")) });

        Assert.NotEqual(one.Definition.Result!.Value.Digest, two.Definition.Result!.Value.Digest);
    }

    [Fact]
    public async Task A_stage_arg_without_a_default_takes_the_global_value()
    {
        const string dockerfile = """
            ARG VERSION=3.1
            FROM busybox
            RUN echo no-arg
            ARG VERSION
            RUN echo $VERSION
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Null(Converted.EnvOf(converted.Execs[0], "VERSION"));
        Assert.Equal("3.1", Converted.EnvOf(converted.Execs[1], "VERSION"));
    }

    [Fact]
    public async Task Unused_build_args_are_reported_but_proxies_and_source_date_are_not()
    {
        var converted = await ConvertAsync("FROM busybox\nARG USED\n", r => r with
        {
            BuildArgs = Args(("USED", "1"), ("UNUSED", "2"), ("HTTP_PROXY", "http://proxy"), ("SOURCE_DATE_EPOCH", "0")),
        });

        Assert.Equal(["One or more build-args [UNUSED] were not consumed"], converted.Result.Warnings);
    }

    [Fact]
    public async Task Source_date_epoch_enters_the_env_only_when_declared()
    {
        const string dockerfile = "FROM busybox\nRUN echo one\nARG SOURCE_DATE_EPOCH\nRUN echo two\n";

        var converted = await ConvertAsync(dockerfile, r => r with { BuildArgs = Args(("SOURCE_DATE_EPOCH", "1700000000")) });

        Assert.Null(Converted.EnvOf(converted.Execs[0], "SOURCE_DATE_EPOCH"));
        Assert.Equal("1700000000", Converted.EnvOf(converted.Execs[1], "SOURCE_DATE_EPOCH"));
    }

    [Fact]
    public async Task Label_keys_and_values_expand_and_request_labels_land_on_the_final_stage()
    {
        const string dockerfile = """
            FROM busybox AS build
            LABEL stage=build
            FROM busybox
            ARG V=1.2
            LABEL "org.opencontainers.image.version"=$V description="a b"
            """;

        var converted = await ConvertAsync(dockerfile, r => r with { Labels = Args(("from-request", "yes")) });

        Assert.Equal("1.2", converted.Metadata.Labels["org.opencontainers.image.version"]);
        Assert.Equal("a b", converted.Metadata.Labels["description"]);
        Assert.Equal("yes", converted.Metadata.Labels["from-request"]);
        Assert.False(converted.Metadata.Labels.ContainsKey("stage"));
    }
}
