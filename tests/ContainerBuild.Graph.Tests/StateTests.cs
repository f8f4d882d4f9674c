using ContainerBuild.Oci;

namespace ContainerBuild.Graph.Tests;

/// <summary>States are immutable values; roots and metadata behave as BuildKit's client and Docker do.</summary>
public sealed class StateTests
{
    private static readonly State Image = State.Image("127.0.0.1:5000/busybox:amd64", Platform.LinuxAmd64);

    [Fact]
    public void Deriving_two_states_from_one_leaves_the_first_unchanged()
    {
        var root = Image.WithEnv("A", "1").WithWorkingDir("/app");
        var before = root.Marshal().ToByteArray();
        var metadataBefore = root.Metadata;

        var left = root.WithEnv("A", "2").File(FileActions.Mkdir("/left", 493)).WithCustomName("left");
        var right = root.WithUser("app").File(FileActions.Mkdir("/right", 493)).IgnoreCache();

        Assert.Equal(before, root.Marshal().ToByteArray());
        Assert.Same(metadataBefore, root.Metadata);
        Assert.Equal(["A=1"], root.Metadata.Env);
        Assert.Equal(["A=2"], left.Metadata.Env);
        Assert.Null(root.Metadata.User);
        Assert.NotEqual(left.Marshal().Ops[^2].Digest, right.Marshal().Ops[^2].Digest);
    }

    [Fact]
    public void Names_and_cache_flags_do_not_change_the_vertex_digest()
    {
        var plain = Image.File(FileActions.Mkdir("/a", 493));

        var named = plain.WithCustomName("mkdir /a").IgnoreCache();

        Assert.Equal(plain.Marshal().Vertices.Select(o => o.Digest), named.Marshal().Vertices.Select(o => o.Digest));
        Assert.True(named.Marshal().GetMetadata(named.Marshal().Vertices[^1].Digest)!.IgnoreCache);
        Assert.False(plain.Marshal().GetMetadata(plain.Marshal().Vertices[^1].Digest)!.IgnoreCache);
    }

    [Fact]
    public void Env_is_replaced_in_place_and_a_relative_working_directory_is_resolved()
    {
        var state = State.Scratch().WithEnv("A", "1").WithEnv("B", "2").WithEnv("A", "3").WithWorkingDir("app").WithWorkingDir("../srv/./x");

        Assert.Equal(["A=3", "B=2"], state.Metadata.Env);
        Assert.Equal("3", state.Metadata.GetEnv("A"));
        Assert.Equal("/srv/x", state.Metadata.WorkingDir);
    }

    [Fact]
    public void Metadata_becomes_the_container_config()
    {
        var state = State.Scratch()
            .WithEnv("PATH", "/bin")
            .WithWorkingDir("/app")
            .WithUser("app")
            .WithEntrypoint("dotnet", "app.dll")
            .WithCmd("--urls", "http://+:8080")
            .WithLabel("b", "2").WithLabel("a", "1")
            .WithExposedPort("8080").WithExposedPort("53/udp")
            .WithStopSignal("SIGTERM")
            .WithVolume("/data")
            .WithShell("/bin/sh", "-c")
            .WithOnBuild("RUN echo");

        var config = state.Metadata.ToContainerConfig();

        Assert.Equal(["PATH=/bin"], config.Env!);
        Assert.Equal("/app", config.WorkingDir);
        Assert.Equal("app", config.User);
        Assert.Equal(["dotnet", "app.dll"], config.Entrypoint!);
        Assert.Equal(["--urls", "http://+:8080"], config.Cmd!);
        Assert.Equal(["a", "b"], config.Labels!.Keys);
        Assert.Equal(["53/udp", "8080/tcp"], config.ExposedPorts!);
        Assert.Equal("SIGTERM", config.StopSignal);
        Assert.Equal(["/data"], config.Volumes!);
        Assert.Equal(["/bin/sh", "-c"], config.Shell!);
        Assert.Equal(["RUN echo"], config.OnBuild!);
    }

    [Fact]
    public void An_image_reference_is_normalized_and_its_attrs_follow_the_options()
    {
        var definition = State.Image("busybox@sha256:" + new string('a', 64), Platform.LinuxAmd64, ImageResolveMode.PreferLocal, new ImageSourceOptions { LayerLimit = 2 }).Marshal();

        var source = definition.Ops[0].Op.Source;
        Assert.Equal("docker-image://docker.io/library/busybox@sha256:" + new string('a', 64), source.Identifier);
        Assert.Equal([("image.layerlimit", "2"), ("image.resolvemode", "local")], source.Attrs.Select(a => (a.Key, a.Value)));
    }

    [Fact]
    public void Local_patterns_are_JSON_as_Go_writes_it()
    {
        var definition = State.Local("context", new LocalOptions { ExcludePatterns = ["a<b>&c", "x+y", "q\"\\", "é"] }).Marshal();

        var attr = Assert.Single(definition.Ops[0].Op.Source.Attrs);
        Assert.Equal("local.excludepatterns", attr.Key);
        Assert.Equal("[\"a\\u003cb\\u003e\\u0026c\",\"x+y\",\"q\\\"\\\\\",\"é\"]", attr.Value);
        Assert.Null(definition.Ops[0].Op.Platform);
    }

    [Fact]
    public void Merge_drops_scratch_and_a_single_input_is_returned_as_it_is()
    {
        Assert.True(State.Merge([State.Scratch(), State.Scratch()]).IsScratch);
        Assert.Same(Image, State.Merge([State.Scratch(), Image]));

        var other = State.Local("x");
        var merge = State.Merge([Image, State.Scratch(), other]).Marshal();

        var op = merge.Ops[^2].Op;
        Assert.Equal([0L, 1L], op.Merge.Inputs.Select(i => i.Input));
        Assert.Equal([merge.Ops[0].Digest.ToString(), merge.Ops[1].Digest.ToString()], op.Inputs.Select(i => i.Digest));
        Assert.Null(op.Platform);
    }

    [Fact]
    public void Diff_from_scratch_is_the_upper_and_a_scratch_upper_is_minus_one()
    {
        Assert.Same(Image, State.Diff(State.Scratch(), Image));

        var op = State.Diff(Image, State.Scratch()).Marshal().Ops[^2].Op;

        Assert.Equal(0, op.Diff.Lower.Input);
        Assert.Equal(-1, op.Diff.Upper.Input);
    }

    [Fact]
    public void Scratch_marshals_to_an_empty_definition()
    {
        var definition = State.Scratch().Marshal();

        Assert.Empty(definition.Ops);
        Assert.Null(definition.Result);
    }
}
