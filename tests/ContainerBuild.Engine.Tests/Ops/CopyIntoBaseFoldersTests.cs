using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>
/// Copies (and files made) into the folders of a base image, as BuildKit resolves them against the whole lower
/// filesystem: a folder the image has keeps its mode and owner (/tmp stays 1777), and a linked folder (/lib on
/// merged-usr Debian) is followed, never replaced by a folder.
/// </summary>
public sealed class CopyIntoBaseFoldersTests
{
    private static readonly string Debian = OpsHarness.Image("debian:bookworm-slim");

    [Theory]
    [InlineData("busybox:amd64")]
    [InlineData("debian:bookworm-slim")]
    public async Task A_copy_into_tmp_keeps_the_base_image_folder_1777(string image)
    {
        Requires.Registry();
        using var context = Context();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var local = State.Local("context");

        var solved = await harness.SolveAsync(State.Image(OpsHarness.Image(image))
            .CopyStep(local, "src/a.txt", "/tmp/")
            .CopyStep(local, "src/", "/tmp/"));

        Assert.Equal(["d tmp 1777 0:0", "f tmp/a.txt 644 0:0 [1]"], (await harness.ReadLayerAsync(solved.Result.Layers[^2])).Select(i => i.ToString()));
        Assert.Equal(
            ["d tmp 1777 0:0", "f tmp/a.txt 644 0:0 [1]", "d tmp/sub 755 0:0", "f tmp/sub/b.txt 644 0:0 [1]"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
        var flattened = await harness.FlattenAsync(solved.Result);
        Assert.Equal("d tmp 1777 0:0", flattened["tmp"].ToString());
        Assert.Equal("f tmp/sub/b.txt 644 0:0 [1]", flattened["tmp/sub/b.txt"].ToString());
    }

    [Fact]
    public async Task A_copy_into_a_linked_folder_of_the_base_image_writes_into_its_target_and_keeps_the_link()
    {
        Requires.Registry();
        using var context = Context();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var local = State.Local("context");

        // bookworm is merged-usr: /lib -> usr/lib, /bin -> usr/bin.
        var solved = await harness.SolveAsync(State.Image(Debian)
            .CopyStep(local, "src/a.txt", "/lib/")
            .CopyStep(local, "src/sub", "/bin/sub/")
            .CopyStep(local, "src/a.txt", "/lib/renamed.txt"));

        Assert.Equal(["d usr 755 0:0", "d usr/lib 755 0:0", "f usr/lib/a.txt 644 0:0 [1]"], (await harness.ReadLayerAsync(solved.Result.Layers[^3])).Select(i => i.ToString()));
        Assert.Equal(
            ["d usr 755 0:0", "d usr/bin 755 0:0", "d usr/bin/sub 755 0:0", "f usr/bin/sub/b.txt 644 0:0 [1]"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^2])).Select(i => i.ToString()));
        Assert.Equal(["d usr 755 0:0", "d usr/lib 755 0:0", "f usr/lib/renamed.txt 644 0:0 [1]"], (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
        var flattened = await harness.FlattenAsync(solved.Result);
        Assert.Equal("l lib 777 0:0 -> usr/lib", flattened["lib"].ToString());
        Assert.Equal("l bin 777 0:0 -> usr/bin", flattened["bin"].ToString());
        Assert.Contains("usr/lib/a.txt", flattened.Keys);
        Assert.Contains("usr/bin/sub/b.txt", flattened.Keys);
    }

    [Fact]
    public async Task A_file_and_a_link_made_in_a_linked_folder_of_the_base_image_land_in_its_target()
    {
        Requires.Registry();
        using var harness = new OpsHarness();

        var solved = await harness.SolveAsync(State.Image(Debian).File(FileActions.Mkfile("/lib/made.txt", Convert.ToInt32("644", 8), "made")
            .Symlink("made.txt", "/lib/made-link")));

        Assert.Equal(
            ["d usr 755 0:0", "d usr/lib 755 0:0", "l usr/lib/made-link 777 0:0 -> made.txt", "f usr/lib/made.txt 644 0:0 [4]"],
            (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Fact]
    public async Task A_cut_short_layer_index_in_the_store_is_read_again_from_the_layer()
    {
        Requires.Registry();
        using var context = Context();
        using var harness = new OpsHarness(new Dictionary<string, string> { ["context"] = context.Path });
        var busybox = State.Image(OpsHarness.Image("busybox:amd64"));
        var first = await harness.SolveAsync(busybox.CopyStep(State.Local("context"), "src/a.txt", "/tmp/"));
        var indexes = Directory.GetFiles(Path.Combine(harness.Store.Root, "layer-index"), "*", SearchOption.AllDirectories);
        Assert.NotEmpty(indexes);
        var lengths = indexes.Select(i => new FileInfo(i).Length).ToList();
        foreach (var index in indexes)
        {
            using var file = File.OpenWrite(index);
            file.SetLength(file.Length / 2);
        }

        foreach (var layer in first.Result.BaseImage!.Layers)
        {
            harness.Store.Delete(layer.Digest);
        }

        var again = await harness.SolveAsync(busybox.CopyStep(State.Local("context"), "src/sub/", "/tmp/"));

        Assert.Equal(["d tmp 1777 0:0", "f tmp/b.txt 644 0:0 [1]"], (await harness.ReadLayerAsync(again.Result.Layers[^1])).Select(i => i.ToString()));
        Assert.All(first.Result.BaseImage.Layers, layer => Assert.True(harness.Store.Exists(layer.Digest)));
        Assert.Equal(lengths, indexes.Select(i => new FileInfo(i).Length));
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
