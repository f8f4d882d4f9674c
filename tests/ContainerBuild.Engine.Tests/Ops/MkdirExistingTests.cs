using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>Mkdir of a directory that exists changes nothing, as BuildKit's (WORKDIR after COPY --chown keeps the owner).</summary>
public sealed class MkdirExistingTests
{
    [Fact]
    public async Task Mkdir_leaves_an_existing_directory_as_it_is()
    {
        using var harness = new OpsHarness();
        var owned = State.Scratch().File(FileActions.Mkdir("/app", Convert.ToInt32("700", 8), new MkdirOptions { Owner = FileOwner.FromIds(1000, 1000) }));

        var solved = await harness.SolveAsync(owned
            .File(FileActions.Mkdir("/app", Convert.ToInt32("755", 8), new MkdirOptions { MakeParents = true }))
            .File(FileActions.Mkdir("/app", Convert.ToInt32("755", 8)).Mkdir("/app/sub", Convert.ToInt32("755", 8))));

        var items = new List<string>();
        foreach (var layer in solved.Result.Layers)
        {
            items.AddRange((await harness.ReadLayerAsync(layer)).Select(i => i.ToString()));
        }

        // The middle mkdir adds no layer; the last one's layer carries /app as it is, as a parent of /app/sub.
        Assert.Equal(["d app 700 1000:1000", "d app 700 1000:1000", "d app/sub 755 0:0"], items);
    }
}
