using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>What a copy reads: a local directory through its source's and its own patterns, or another state's files.</summary>
public sealed class CopySourceTests
{
    [Fact]
    public async Task Local_source_patterns_and_copy_patterns_select_what_is_copied_and_what_is_keyed()
    {
        using var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(context.Path, ("src/app.cs", "code"), ("src/app.txt", "notes"), ("obj/cache.bin", "junk"), ("src/keep/x.cs", "x"));
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var local = State.Local("context", new LocalOptions { ExcludePatterns = ["obj", "**/*.txt"] });
        State Build() => State.Scratch().CopyStep(local, "/", "/app/", DockerCopy.Copy with { ExcludePatterns = ["**/keep"] });

        var first = await harness.SolveAsync(Build());
        var paths = (await harness.ReadLayerAsync(first.Result.Layers[^1])).Select(i => i.Path);
        Assert.Equal(["app", "app/src", "app/src/app.cs"], paths);

        // Files the patterns leave out are no part of the key: changing them runs nothing.
        File.WriteAllText(Path.Combine(context.Path, "obj", "cache.bin"), "other junk");
        File.WriteAllText(Path.Combine(context.Path, "src", "app.txt"), "other notes");
        Assert.DoesNotContain("COPY / /app/", (await harness.SolveAsync(Build())).Ran);

        File.WriteAllText(Path.Combine(context.Path, "src", "app.cs"), "new code");
        Assert.Contains("COPY / /app/", (await harness.SolveAsync(Build())).Ran);
    }

    [Fact]
    public async Task A_copy_from_another_state_reads_its_unpacked_files_with_their_owners()
    {
        Requires.Registry();
        using var harness = new OpsHarness();
        var debian = State.Image(OpsHarness.Image("debian:bookworm-slim"));
        var made = State.Scratch().File(FileActions.Mkdir("/out", Convert.ToInt32("755", 8)).Mkfile("/out/data", Convert.ToInt32("600", 8), "secret", new MkfileOptions { Owner = FileOwner.FromIds(33, 44) }));

        var solved = await harness.SolveAsync(State.Scratch()
            .CopyStep(debian, "/etc/os-release", "/copied/")
            .CopyStep(made, "/out", "/made"));

        var copied = (await harness.ReadLayerAsync(solved.Result.Layers[0])).Select(i => i.ToString()).ToList();
        Assert.Equal("d copied 755 0:0", copied[0]);
        Assert.StartsWith("f copied/os-release 644 0:0", copied[1], StringComparison.Ordinal);
        var fromMade = (await harness.ReadLayerAsync(solved.Result.Layers[1])).Select(i => i.ToString());
        Assert.Equal(["d made 755 0:0", "f made/data 600 33:44 [6]"], fromMade);
        Assert.Null(solved.Result.BaseImage);
    }
}
