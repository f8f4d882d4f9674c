using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>
/// Where a copy writes, as fsutil's copy: an existing destination folder keeps its mode and owner, the folder a contents
/// copy creates is 0755 whatever --chmod says, and links on the destination path are followed inside the root.
/// </summary>
public sealed class CopyDestinationTests
{
    private static int Octal(string mode) => Convert.ToInt32(mode, 8);

    [Theory]
    [InlineData("/existing/")]
    [InlineData("/existing")]
    public async Task A_contents_copy_onto_an_existing_folder_keeps_the_folder_as_it_is(string destination)
    {
        using var context = Context();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var existing = State.Scratch().File(FileActions.Mkdir("/existing", Octal("700"), new MkdirOptions { Owner = FileOwner.FromIds(1000, 1000) })
            .Mkfile("/existing/old.txt", Octal("644"), "old"));

        var solved = await harness.SolveAsync(existing.CopyStep(State.Local("context"), "src", destination));

        Assert.Equal(
            ["d existing 700 1000:1000", "f existing/a.txt 644 0:0 [1]", "d existing/sub 755 0:0", "f existing/sub/b.txt 644 0:0 [1]"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Theory]
    [InlineData("/modes/tree-700/")]
    [InlineData("/modes/tree-700")]
    public async Task Chmod_leaves_the_folder_a_contents_copy_creates_at_0755(string destination)
    {
        using var context = Context();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });

        var solved = await harness.SolveAsync(State.Scratch().CopyStep(State.Local("context"), "src", destination, DockerCopy.Copy with { Mode = Octal("700") }));

        Assert.Equal(
            ["d modes 755 0:0", "d modes/tree-700 755 0:0", "f modes/tree-700/a.txt 700 0:0 [1]", "d modes/tree-700/sub 700 0:0", "f modes/tree-700/sub/b.txt 700 0:0 [1]"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Fact]
    public async Task A_copy_through_a_linked_folder_writes_into_its_target_and_keeps_the_link()
    {
        using var context = Context();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var linked = State.Scratch().File(FileActions.Mkdir("/real/target", Octal("750"), new MkdirOptions { MakeParents = true })
            .Symlink("/real/target", "/via-link")
            .Symlink("target", "/real/rel")
            .Symlink("../../..", "/real/up"));
        var local = State.Local("context");

        var solved = await harness.SolveAsync(linked
            .CopyStep(local, "src/a.txt", "/via-link/")
            .CopyStep(local, "src/a.txt", "/via-link")
            .CopyStep(local, "src/sub", "/real/rel/sub/")
            .CopyStep(local, "src/a.txt", "/real/up/escaped/"));

        string[][] expected =
        [
            ["d real 750 0:0", "d real/target 750 0:0", "f real/target/a.txt 644 0:0 [1]"],
            ["d real 750 0:0", "d real/target 750 0:0", "f real/target/a.txt 644 0:0 [1]"],
            ["d real 750 0:0", "d real/target 750 0:0", "d real/target/sub 755 0:0", "f real/target/sub/b.txt 644 0:0 [1]"],
            ["d escaped 755 0:0", "f escaped/a.txt 644 0:0 [1]"],
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], (await harness.ReadLayerAsync(solved.Result.Layers[i + 1])).Select(item => item.ToString()));
        }
    }

    private static TempDirectory Context()
    {
        var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(context.Path, ("src/a.txt", "a"), ("src/sub/b.txt", "b"));
        LocalTrees.Chmod(Path.Combine(context.Path, "src"), "755");
        LocalTrees.Chmod(Path.Combine(context.Path, "src", "sub"), "755");
        return context;
    }
}
