using ContainerBuild.Engine.Ops;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>mkdir, mkfile, rm and symlink chains as one layer, merge and diff of lazy chains.</summary>
public sealed class FileActionTests
{
    private static readonly string Busybox = OpsHarness.Image("busybox:amd64");

    [Fact]
    public async Task A_chain_of_actions_is_one_layer_with_whiteouts_for_removed_base_files()
    {
        Requires.Registry();
        using var harness = new OpsHarness();
        var actions = FileActions.Mkdir("/data/deep/er", Convert.ToInt32("750", 8), new MkdirOptions { MakeParents = true })
            .Mkfile("/data/a.txt", Convert.ToInt32("640", 8), "hello", new MkfileOptions { Owner = FileOwner.FromIds(7, 8) })
            .Symlink("a.txt", "/data/link")
            .Mkfile("/data/gone.txt", Convert.ToInt32("644", 8), "temporary")
            .Rm("/data/gone.txt")
            .Rm("/etc/group")
            .Rm("/not/there", new RmOptions { AllowNotFound = true });

        var solved = await harness.SolveAsync(State.Image(Busybox).File(actions));

        var image = solved.Result.BaseImage!;
        Assert.Equal(image.Layers.Count + 1, solved.Result.Layers.Count);
        var items = (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()).ToList();
        Assert.Equal(
            [
                "d data 750 0:0",
                "f data/a.txt 640 7:8 [5]",
                "d data/deep 750 0:0",
                "d data/deep/er 750 0:0",
                "l data/link 777 0:0 -> a.txt",
                "d etc 755 0:0",
                "f etc/.wh.group 644 0:0 [0]",
            ],
            items);
    }

    [Fact]
    public async Task Removing_a_missing_path_fails_naming_it()
    {
        Requires.Registry();
        using var harness = new OpsHarness();
        var state = State.Image(Busybox).File(FileActions.Rm("/no/such/file")).WithCustomName("RUN rm");

        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(state));

        var inner = Assert.IsType<FileOpException>(error.InnerException);
        Assert.Equal("/no/such/file", inner.Path);
        Assert.Equal("RUN rm", inner.Step);
    }

    [Fact]
    public async Task Scratch_with_files_is_deterministic_across_stores()
    {
        using var one = new OpsHarness();
        using var two = new OpsHarness();
        var state = State.Scratch().File(FileActions.Mkdir("/etc", Convert.ToInt32("755", 8)).Mkfile("/etc/motd", Convert.ToInt32("644", 8), "hi\n"));

        var a = await one.SolveAsync(state);
        var b = await two.SolveAsync(state);

        Assert.Single(a.Result.Layers);
        Assert.Null(a.Result.BaseImage);
        Assert.Equal(a.Result.Layers[0].Digest, b.Result.Layers[0].Digest);
    }

    [Fact]
    public async Task Merge_stacks_chains_and_diff_takes_the_layers_above_its_lower_state()
    {
        Requires.Registry();
        using var harness = new OpsHarness();
        var baseState = State.Image(Busybox);
        var upper = baseState.File(FileActions.Mkfile("/one", Convert.ToInt32("644", 8), "1")).File(FileActions.Mkfile("/two", Convert.ToInt32("644", 8), "2"));
        var other = State.Scratch().File(FileActions.Mkfile("/three", Convert.ToInt32("644", 8), "3"));

        var diff = await harness.SolveAsync(State.Diff(baseState, upper));
        var merged = await harness.SolveAsync(State.Merge([upper, other]));
        var upperSolved = await harness.SolveAsync(upper);
        var otherSolved = await harness.SolveAsync(other);

        Assert.Equal(2, diff.Result.Layers.Count);
        Assert.Equal(upperSolved.Result.Layers.Skip(upperSolved.Result.Layers.Count - 2), diff.Result.Layers);
        Assert.Equal([.. upperSolved.Result.Layers, .. otherSolved.Result.Layers], merged.Result.Layers.ToList());
        Assert.Equal(upperSolved.Result.BaseImage!.Manifest, merged.Result.BaseImage!.Manifest);

        var unrelated = State.Diff(other, upper);
        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(unrelated));
        Assert.Equal("diff", Assert.IsType<OpNotSupportedException>(error.InnerException).Feature);
    }

    [Fact]
    public async Task A_missing_local_directory_name_lists_the_known_ones()
    {
        using var context = new TempDirectory("cb-ctx");
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var state = State.Scratch().CopyStep(State.Local("dockerfile"), "/x", "/x");

        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(state));

        var inner = Assert.IsType<LocalDirNotFoundException>(error.InnerException);
        Assert.Equal(["context"], inner.Known);
        Assert.Contains("'context'", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_copy_source_fails_naming_the_path_and_the_step()
    {
        using var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(context.Path, ("present.txt", "x"));
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var state = State.Scratch().CopyStep(State.Local("context"), "missing.txt", "/app/");

        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(state));

        var inner = Assert.IsType<CopySourceNotFoundException>(error.InnerException);
        Assert.Equal("/missing.txt", inner.Path);
        Assert.Equal("COPY missing.txt /app/", inner.Step);
        Assert.Equal("COPY missing.txt /app/", error.VertexName);
        Assert.Contains("missing.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vertices_are_loaded_once_per_digest()
    {
        var local = State.Local("context");
        var a = State.Scratch().CopyStep(local, "/a", "/a");
        var b = State.Scratch().CopyStep(local, "/b", "/b");
        var edge = LlbVertices.Load(State.Merge([a, b]).Marshal(Platform.LinuxAmd64));

        var sources = edge.Vertex.Inputs.Select(i => i.Vertex.Inputs.Single(e => e.Vertex.Payload is Graph.Pb.Op { Source: not null }).Vertex).ToList();
        Assert.Equal(2, sources.Count);
        Assert.Same(sources[0], sources[1]);
    }
}
