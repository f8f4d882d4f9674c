using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>COPY --chmod with a symbolic mode: applied to each entry's own mode, X only where execute makes sense.</summary>
public sealed class SymbolicModeCopyTests
{
    [Fact]
    public async Task A_symbolic_mode_changes_each_entry_from_its_own_mode()
    {
        using var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(context.Path, ("dir/plain.txt", "a"), ("dir/run.sh", "b"));
        LocalTrees.Chmod(Path.Combine(context.Path, "dir", "run.sh"), "744");
        LocalTrees.Chmod(Path.Combine(context.Path, "dir"), "700");
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });

        var solved = await harness.SolveAsync(State.Scratch().CopyStep(
            State.Local("context"), "/dir", "/out", DockerCopy.Copy with { SymbolicMode = "go+rX,u-w" }));

        // The folder the contents copy creates is MkdirAll's 0755: the mode applies to what is copied into it.
        Assert.Equal(
            ["d out 755 0:0", "f out/plain.txt 444 0:0 [1]", "f out/run.sh 555 0:0 [1]"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Theory]
    [InlineData("u+x", 0x1a4, false, 0x1e4)]
    [InlineData("a=r", 0x1ff, false, 0x124)]
    [InlineData("g=u", 0x1c0, false, 0x1f8)]
    [InlineData("+X", 0x1a4, true, 0x1ed)]
    [InlineData("+X", 0x1a4, false, 0x1a4)]
    [InlineData("o-rwx,u+s", 0x1ed, false, 0x9e8)]
    public void Symbolic_modes_apply_as_chmod_does(string expression, int before, bool directory, int after) =>
        Assert.Equal(after, SymbolicMode.Apply(expression, before, directory));

    [Theory]
    [InlineData("rwx")]
    [InlineData("u+x,")]
    [InlineData("u+q")]
    [InlineData("")]
    public void Invalid_symbolic_modes_are_rejected(string expression) => Assert.False(SymbolicMode.IsValid(expression));
}
