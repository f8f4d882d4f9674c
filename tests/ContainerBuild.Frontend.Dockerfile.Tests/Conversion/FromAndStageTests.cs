using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;
using ContainerBuild.Oci;
using static ContainerBuild.Frontend.Dockerfile.Tests.Conversion.ConversionHarness;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

public sealed class FromAndStageTests
{
    [Fact]
    public async Task From_an_image_pins_the_resolved_digest_and_carries_its_config()
    {
        var converted = await ConvertAsync("FROM 127.0.0.1:5000/dotnet/aspnet:10.0\nRUN true\n");

        var digest = FakeImages.DigestOf("127.0.0.1:5000/dotnet/aspnet:10.0", Platform.LinuxAmd64);
        var source = Assert.Single(converted.Sources);
        Assert.Equal($"docker-image://127.0.0.1:5000/dotnet/aspnet:10.0@{digest}", source);
        Assert.Equal("1654", converted.Metadata.User);
        Assert.Equal("/app", converted.Metadata.WorkingDir);
        Assert.Equal("aspnet", converted.Metadata.Labels["base"]);
        Assert.Equal(["8080/tcp"], converted.Metadata.ExposedPorts);
        Assert.Equal("/app", converted.Exec.Meta.Cwd);
        Assert.Equal("1654", converted.Exec.Meta.User);
        Assert.Equal("1654", Converted.EnvOf(converted.Exec, "APP_UID"));
        Assert.Contains($"[1/2] FROM 127.0.0.1:5000/dotnet/aspnet:10.0@{digest}", converted.Names);
        Assert.Contains("[2/2] RUN true", converted.Names);
    }

    [Fact]
    public async Task From_scratch_has_no_source_and_gets_a_default_PATH()
    {
        var converted = await ConvertAsync("FROM scratch\nCOPY app /app\n");

        Assert.Equal(["local://context"], converted.Sources);
        Assert.Equal("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", converted.Metadata.GetEnv("PATH"));
        Assert.Empty(converted.Images.Resolved);
        Assert.Contains("[1/1] COPY app /app", converted.Names);
    }

    [Fact]
    public async Task A_stage_builds_on_an_earlier_stage_by_name_and_unused_stages_are_never_resolved()
    {
        const string dockerfile = """
            FROM debian:bookworm-slim AS base
            ENV FROM_BASE=1
            WORKDIR /src

            FROM busybox AS unused
            RUN echo never

            FROM base AS final
            RUN make
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["docker.io/library/debian:bookworm-slim"], converted.Images.Resolved.Select(r => r.Reference.ToString()));
        Assert.Equal("1", Converted.EnvOf(converted.Exec, "FROM_BASE"));
        Assert.Equal("/src", converted.Exec.Meta.Cwd);
        Assert.DoesNotContain(converted.Names, n => n.Contains("never", StringComparison.Ordinal));
        Assert.Contains("[final 1/1] RUN make", converted.Names);
        Assert.Contains("[base 2/2] WORKDIR /src", converted.Names);
    }

    [Fact]
    public async Task The_target_picks_the_stage_and_an_unknown_target_is_an_error()
    {
        const string dockerfile = "FROM busybox AS build\nRUN build\nFROM debian:bookworm-slim\nRUN final\n";

        var converted = await ConvertAsync(dockerfile, r => r with { Target = "BUILD" });
        Assert.Equal(["/bin/sh", "-c", "build"], converted.Exec.Meta.Args);
        Assert.Equal(["docker.io/library/busybox:latest"], converted.Images.Resolved.Select(r => r.Reference.ToString()));

        var error = await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync(dockerfile, r => r with { Target = "missing" }));
        Assert.Contains("target stage \"missing\" could not be found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_args_expand_in_FROM_with_build_args_winning_and_are_not_in_the_stage_unless_declared()
    {
        const string dockerfile = """
            ARG BASE=busybox
            ARG TAG
            FROM ${BASE}:${TAG:-latest}
            RUN echo $BASE
            """;

        var converted = await ConvertAsync(dockerfile, r => r with { BuildArgs = Args(("BASE", "debian"), ("TAG", "bookworm-slim")) });

        Assert.Equal(["docker.io/library/debian:bookworm-slim"], converted.Images.Resolved.Select(r => r.Reference.ToString()));
        Assert.Null(Converted.EnvOf(converted.Exec, "BASE"));
        Assert.Empty(converted.Result.Warnings);
    }

    [Fact]
    public async Task Platform_of_FROM_expands_the_predefined_platform_args()
    {
        const string dockerfile = """
            FROM --platform=$BUILDPLATFORM busybox AS build
            ARG TARGETARCH
            RUN echo $TARGETARCH
            FROM debian:bookworm-slim
            COPY --from=build /out /out
            """;

        var converted = await ConvertAsync(dockerfile, r => r with { TargetPlatforms = [Platform.LinuxArm64] });

        Assert.Contains(converted.Images.Resolved, r => r.Reference.Repository == "library/busybox" && r.Platform.Equals(Platform.LinuxAmd64));
        Assert.Contains(converted.Images.Resolved, r => r.Reference.Repository == "library/debian" && r.Platform.Equals(Platform.LinuxArm64));
        var exec = converted.Ops.Single(o => o.Op.Exec is not null);
        Assert.Equal("amd64", exec.Op.Platform.Architecture);
        Assert.Equal("arm64", Converted.EnvOf(exec.Op.Exec, "TARGETARCH"));
    }

    [Fact]
    public async Task Predefined_platform_args_reach_a_stage_only_when_declared()
    {
        const string dockerfile = """
            FROM busybox
            RUN echo before
            ARG TARGETPLATFORM
            ARG BUILDOS
            RUN echo after
            """;

        var converted = await ConvertAsync(dockerfile, r => r with { TargetPlatforms = [Platform.Parse("linux/arm/v7")] });

        var before = converted.Execs.Single(e => e.Meta.Args[^1] == "echo before");
        var after = converted.Execs.Single(e => e.Meta.Args[^1] == "echo after");
        Assert.Null(Converted.EnvOf(before, "TARGETPLATFORM"));
        Assert.Equal("linux/arm/v7", Converted.EnvOf(after, "TARGETPLATFORM"));
        Assert.Equal("linux", Converted.EnvOf(after, "BUILDOS"));
        Assert.Null(Converted.EnvOf(after, "TARGETARCH"));
    }

    [Fact]
    public async Task Copy_from_an_image_or_a_stage_index_uses_that_filesystem()
    {
        const string dockerfile = """
            FROM busybox
            RUN touch /made
            FROM scratch
            COPY --from=0 /made /made
            COPY --from=debian:bookworm-slim /etc/os-release /etc/
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(2, converted.Copies.Count);
        Assert.Contains(converted.Sources, s => s.StartsWith("docker-image://docker.io/library/debian:bookworm-slim@sha256:", StringComparison.Ordinal));
        Assert.Equal(["/made", "/etc/os-release"], converted.Copies.Select(c => c.Src));
        Assert.Equal(["/made", "/etc/"], converted.Copies.Select(c => c.Dest));
    }

    [Fact]
    public async Task A_stage_that_depends_on_itself_is_an_error()
    {
        var error = await Assert.ThrowsAsync<DockerfileParseException>(() => ConvertAsync("FROM busybox AS a\nCOPY --from=a /x /x\n"));
        Assert.Contains("circular dependency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_resolves_with_force_pull_and_marks_the_image_source()
    {
        var converted = await ConvertAsync("FROM busybox\nRUN true\n", r => r with { ForcePull = true });

        Assert.All(converted.Images.Resolved, r => Assert.Equal(ImageResolveMode.ForcePull, r.Mode));
        var source = converted.Ops.Single(o => o.Op.Source is not null).Op.Source;
        Assert.Contains(source.Attrs, a => a.Key == LlbAttrs.ImageResolveMode && a.Value == "pull");
    }

    [Fact]
    public async Task Onbuild_triggers_of_the_base_image_run_first_and_are_not_inherited()
    {
        var images = Images().With("onbuilder", new ContainerConfig { OnBuild = ["RUN echo trigger", "ENV TRIGGERED=yes"] });

        var converted = await ConvertAsync("FROM onbuilder\nRUN echo own\nONBUILD RUN echo later\n", images: images);

        Assert.Equal(["echo trigger", "echo own"], converted.Execs.Select(e => e.Meta.Args[^1]));
        Assert.Equal("yes", converted.Metadata.GetEnv("TRIGGERED"));
        Assert.Equal(["RUN echo later"], converted.Metadata.OnBuild);
        Assert.Contains("[3/3] RUN echo own", converted.Names);
    }

    [Fact]
    public async Task Onbuild_triggers_of_an_earlier_stage_run_first_in_a_stage_from_it_and_are_dropped()
    {
        const string dockerfile = """
            FROM busybox AS base
            ONBUILD RUN echo trigger
            ONBUILD COPY a.txt /copied.txt
            ONBUILD ENV TRIGGERED=yes
            RUN echo base

            FROM base
            RUN echo own
            ONBUILD LABEL next=child
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["echo base", "echo trigger", "echo own"], converted.Execs.Select(e => e.Meta.Args[^1]));
        Assert.Equal("yes", Converted.EnvOf(converted.Execs[2], "TRIGGERED"));
        Assert.Null(Converted.EnvOf(converted.Execs[1], "TRIGGERED"));
        Assert.Equal(["/copied.txt"], converted.Copies.Select(c => c.Dest));
        Assert.Equal("yes", converted.Metadata.GetEnv("TRIGGERED"));
        Assert.Equal(["LABEL next=child"], converted.Metadata.OnBuild);
        Assert.Contains("[stage-1 3/3] RUN echo own", converted.Names);
    }

    [Fact]
    public async Task A_stage_used_by_copy_from_keeps_its_onbuild_triggers_unrun()
    {
        const string dockerfile = """
            FROM busybox AS base
            ONBUILD RUN echo trigger
            RUN touch /made

            FROM scratch
            COPY --from=base /made /made
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["touch /made"], converted.Execs.Select(e => e.Meta.Args[^1]));
        Assert.Empty(converted.Metadata.OnBuild);
    }

    [Fact]
    public async Task A_scratch_stage_has_the_root_as_working_directory_like_BuildKits_empty_image()
    {
        var converted = await ConvertAsync("FROM scratch\nCOPY app app\n");

        Assert.Equal("/", converted.Metadata.WorkingDir);
        Assert.Equal("/", converted.Metadata.ToContainerConfig().WorkingDir);
        Assert.Equal("/app", Assert.Single(converted.Copies).Dest);
    }

    [Fact]
    public async Task Several_platforms_give_one_result_each_with_platform_prefixed_names()
    {
        var images = Images();
        var request = new DockerfileConvertRequest
        {
            Dockerfile = "FROM busybox\nARG TARGETARCH\nRUN echo $TARGETARCH\n",
            ImageResolver = images,
            TargetPlatforms = [Platform.LinuxAmd64, Platform.LinuxArm64],
        };

        var result = await DockerfileFrontend.ConvertAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(["linux/amd64", "linux/arm64"], result.Platforms.Select(p => p.Platform.ToString()));
        var arm = result.Platforms[1].State.Marshal(result.Platforms[1].Platform);
        var exec = arm.Vertices.Single(o => o.Op.Exec is not null);
        Assert.Equal("arm64", exec.Op.Platform.Architecture);
        Assert.Equal("[linux/arm64 2/2] RUN echo arm64", arm.GetCustomName(exec.Digest));
    }

    [Fact]
    public async Task A_stage_on_the_build_platform_names_the_target_architecture_when_several_platforms_build()
    {
        var request = new DockerfileConvertRequest
        {
            Dockerfile = "FROM --platform=$BUILDPLATFORM busybox\nARG TARGETPLATFORM\nRUN build\n",
            ImageResolver = Images(),
            BuildPlatform = Platform.LinuxAmd64,
            TargetPlatforms = [Platform.LinuxAmd64, Platform.LinuxArm64],
        };

        var result = await DockerfileFrontend.ConvertAsync(request, TestContext.Current.CancellationToken);

        var arm = result.Platforms[1].State.Marshal(result.Platforms[1].Platform);
        var exec = arm.Vertices.Single(o => o.Op.Exec is not null);
        Assert.Equal("[linux/amd64->arm64 2/2] RUN build", arm.GetCustomName(exec.Digest));
        var amd = result.Platforms[0].State.Marshal(result.Platforms[0].Platform);
        Assert.Equal("[linux/amd64 2/2] RUN build", amd.GetCustomName(amd.Vertices.Single(o => o.Op.Exec is not null).Digest));
    }

    [Fact]
    public async Task No_cache_filter_marks_the_ops_of_the_named_stage()
    {
        const string dockerfile = "FROM busybox AS deps\nRUN fetch\nFROM deps\nRUN build\n";

        var converted = await ConvertAsync(dockerfile, r => r with { NoCacheStages = new HashSet<string>(StringComparer.Ordinal) { "deps" } });

        Assert.True(converted.MetadataOf(converted.OpNamed("[deps 2/2] RUN fetch")).IgnoreCache);
        Assert.False(converted.MetadataOf(converted.OpNamed("[stage-1 1/1] RUN build")).IgnoreCache);
    }

    [Fact]
    public async Task Base_images_of_reachable_stages_resolve_at_the_same_time()
    {
        var images = new FakeImages { Latency = TimeSpan.FromMilliseconds(200) }
            .With("busybox", new ContainerConfig())
            .With("debian:bookworm-slim", new ContainerConfig())
            .With("127.0.0.1:5000/dotnet/aspnet:10.0", new ContainerConfig());
        const string dockerfile = """
            FROM busybox AS tools
            FROM debian:bookworm-slim AS build
            RUN --mount=from=tools,target=/tools make
            FROM 127.0.0.1:5000/dotnet/aspnet:10.0
            COPY --from=build /out /app
            """;

        await ConvertAsync(dockerfile, images: images);

        Assert.Equal(3, images.MaxInFlight);
        Assert.Equal(3, images.Resolved.Count);
    }
}
