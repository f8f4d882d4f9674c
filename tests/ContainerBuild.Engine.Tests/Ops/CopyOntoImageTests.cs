using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>Copies of a local tree onto registry images, solved by the real solver, cache and store.</summary>
public sealed class CopyOntoImageTests
{
    private static readonly string Aspnet = OpsHarness.Image("dotnet/aspnet:10.0");

    [Fact]
    public async Task A_copy_onto_aspnet_adds_one_layer_and_a_new_engine_reads_none_of_the_base_again()
    {
        Requires.Registry();
        using var context = WebApiOutput();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });

        var solved = await harness.SolveAsync(App());

        var image = Assert.IsType<Engine.Sources.ImageSourceResult>(solved.Result.BaseImage);
        Assert.Equal(image.Layers.Count + 1, solved.Result.Layers.Count);
        Assert.Equal(image.Layers, solved.Result.Layers.Prefix(image.Layers.Count));
        Assert.Null(solved.Result.Layers[^1].Origin);
        var items = await harness.ReadLayerAsync(solved.Result.Layers[^1]);
        Assert.Equal(
            ["d app 755 0:0", "f app/WebApi.dll 644 0:0 [9]", "f app/appsettings.json 644 0:0 [2]", "d app/wwwroot 755 0:0", "f app/wwwroot/index.html 644 0:0 [7]"],
            items.Select(i => i.ToString()));

        // The store keeps each base layer's index: without the blobs, a new engine copies onto the base without reading them.
        foreach (var layer in image.Layers)
        {
            harness.Store.Delete(layer.Digest);
        }

        File.WriteAllText(Path.Combine(context.Path, "out", "appsettings.json"), "{\"a\":1}");
        var changed = await harness.SolveAsync(App());

        Assert.Contains("COPY out/ /app/", changed.Ran);
        Assert.Equal("d app 755 0:0", (await harness.ReadLayerAsync(changed.Result.Layers[^1]))[0].ToString());
        Assert.All(image.Layers, layer => Assert.False(harness.Store.Exists(layer.Digest), $"the base layer {layer.Digest} was read again"));
    }

    [Fact]
    public async Task A_rebuild_executes_nothing_even_after_touch_and_only_the_copy_after_a_change()
    {
        Requires.Registry();
        using var context = WebApiOutput();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var first = await harness.SolveAsync(App());
        Assert.Contains("COPY out/ /app/", first.Ran);

        var again = await harness.SolveAsync(App());
        Assert.Equal(0, again.Executed);
        Assert.Equal(first.Result.Id, again.Result.Id);

        LocalTrees.Touch(context.Path, DateTime.UtcNow.AddHours(1));
        var touched = await harness.SolveAsync(App());
        Assert.Equal(0, touched.Executed);
        Assert.Equal(first.Result.Layers.ChainId, touched.Result.Layers.ChainId);

        File.WriteAllText(Path.Combine(context.Path, "out", "appsettings.json"), "{\"a\":1}");
        var changed = await harness.SolveAsync(App());
        Assert.Contains("COPY out/ /app/", changed.Ran);
        Assert.DoesNotContain(changed.Ran, name => name.StartsWith("docker-image://", StringComparison.Ordinal));
        Assert.NotEqual(first.Result.Layers[^1].DiffId, changed.Result.Layers[^1].DiffId);
        Assert.Equal(first.Result.Layers.Parent, changed.Result.Layers.Parent);

        // A file outside the copied directory is no part of the copy's key.
        File.WriteAllText(Path.Combine(context.Path, "README.md"), "changed");
        var elsewhere = await harness.SolveAsync(App());
        Assert.DoesNotContain("COPY out/ /app/", elsewhere.Ran);
    }

    [Fact]
    public async Task Two_stores_and_a_fresh_clone_give_the_same_layer_digests()
    {
        Requires.Registry();
        using var context = WebApiOutput();
        using var clone = WebApiOutput();
        using var one = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        using var two = new OpsHarness(new Dictionary<string, string> { ["context"] = clone.Path });

        var a = await one.SolveAsync(App());
        var b = await two.SolveAsync(App());

        Assert.Equal(a.Result.Layers[^1].Digest, b.Result.Layers[^1].Digest);
        Assert.Equal(a.Result.Id, b.Result.Id);

        // The same store, another checkout of the same content: the copy is found by content.
        one.LocalDirs = new Dictionary<string, string> { ["context"] = clone.Path };
        var moved = await one.SolveAsync(App());
        Assert.DoesNotContain("COPY out/ /app/", moved.Ran);
        Assert.Equal(a.Result.Id, moved.Result.Id);
    }

    [Fact]
    public async Task A_cached_result_reloads_with_its_base_image()
    {
        Requires.Registry();
        using var context = WebApiOutput();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var first = await harness.SolveAsync(App());

        var store = new Engine.Ops.FsResultStore(harness.Store);
        var reloaded = Assert.IsType<Engine.Ops.FsResult>(await store.TryLoadAsync(Solver.CachedResult.From(first.Result), OpsHarness.Token));

        Assert.Equal(first.Result.Layers, reloaded.Layers);
        Assert.Equal(first.Result.BaseImage!.Manifest, reloaded.BaseImage!.Manifest);
        Assert.Equal(first.Result.BaseImage.Config.RootFileSystem.DiffIds, reloaded.BaseImage.Config.RootFileSystem.DiffIds);
        Assert.Equal(first.Result.Id, reloaded.Id);
        Assert.Contains(first.Result.Blobs, b => b.Digest == first.Result.Layers[^1].Digest);
    }

    private static State App() => State.Image(Aspnet).CopyStep(State.Local("context"), "out/", "/app/");

    private static TempDirectory WebApiOutput()
    {
        var context = new TempDirectory("cb-ctx");
        LocalTrees.Write(
            context.Path,
            ("out/WebApi.dll", "assembly!"),
            ("out/appsettings.json", "{}"),
            ("out/wwwroot/index.html", "<html/>"),
            ("README.md", "readme"));
        foreach (var dir in Directory.EnumerateDirectories(context.Path, "*", SearchOption.AllDirectories))
        {
            LocalTrees.Chmod(dir, "755");
        }

        return context;
    }
}
