using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>
/// The directory a contents copy (Dockerfile COPY of a directory) creates at its destination: 0755 and the copy's owner,
/// whatever the source directory's mode and owner, as docker build (BuildKit 0.8) writes it; what is below keeps its own.
/// </summary>
public sealed class CopyDirectoryTopTests
{
    [Fact]
    public async Task The_created_top_directory_is_0755_and_owned_by_the_copy_owner()
    {
        using var harness = new OpsHarness();
        var made = State.Scratch().File(FileActions.Mkdir("/d", Convert.ToInt32("700", 8), new MkdirOptions { Owner = FileOwner.FromIds(1000, 1000) })
            .Mkfile("/d/f", Convert.ToInt32("644", 8), "")
            .Mkdir("/d/sub", Convert.ToInt32("750", 8), new MkdirOptions { Owner = FileOwner.FromIds(1000, 0) }));

        var solved = await harness.SolveAsync(State.Scratch()
            .CopyStep(made, "/d", "/d")
            .CopyStep(made, "/d/sub", "/sub2")
            .CopyStep(made, "/d", "/owned/", DockerCopy.Copy with { Owner = FileOwner.FromIds(7, 7) }));

        Assert.Equal(["d d 755 0:0", "f d/f 644 0:0 [0]", "d d/sub 750 1000:0"], (await harness.ReadLayerAsync(solved.Result.Layers[0])).Select(i => i.ToString()));
        Assert.Equal(["d sub2 755 0:0"], (await harness.ReadLayerAsync(solved.Result.Layers[1])).Select(i => i.ToString()));
        Assert.Equal("d owned 755 7:7", (await harness.ReadLayerAsync(solved.Result.Layers[2]))[0].ToString());
    }
}
