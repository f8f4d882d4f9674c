using ContainerBuild.Layers;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>The comparison's view of an image: layers applied as an extractor applies them, and what a difference looks like.</summary>
public sealed class FlattenedFileSystemTests
{
    private static FileNode Dir(string path, int mode = 0x1ed, long owner = 0) => new(path, LayerEntryType.Directory, mode, owner, owner, null, null, 0, 0);

    private static FileNode File(string path, string content = "sha256:aa") => new(path, LayerEntryType.File, 0x1a4, 0, 0, content, null, 0, 0);

    private static LayerChanges Layer(params FileNode[] entries) => new(entries, [], []);

    private static FlattenedFileSystem Flatten(params LayerChanges[] layers)
    {
        var fs = new FlattenedFileSystem();
        foreach (var layer in layers)
        {
            fs.Apply(layer);
        }

        return fs;
    }

    [Fact]
    public void A_whiteout_deletes_the_path_and_its_tree_and_an_opaque_folder_keeps_only_its_own_layers_entries()
    {
        var fs = Flatten(
            Layer(Dir("etc"), File("etc/motd"), Dir("usr"), Dir("usr/share"), File("usr/share/a"), Dir("opt"), File("opt/old")),
            new LayerChanges([File("opt/new")], ["etc/motd", "usr/share"], ["opt"]));

        Assert.Equal(["etc", "opt", "opt/new", "usr"], fs.Nodes.Keys);
    }

    [Fact]
    public void A_file_over_a_folder_removes_the_folder_tree_and_a_folder_entry_replaces_the_folders_metadata()
    {
        var fs = Flatten(
            Layer(Dir("a"), File("a/x"), Dir("b", mode: 0x1ff), File("b/y")),
            Layer(File("a", "sha256:bb"), Dir("b", mode: 0x1c0, owner: 7)));

        Assert.Equal(["a", "b", "b/y"], fs.Nodes.Keys);
        Assert.Equal(LayerEntryType.File, fs.Nodes["a"].Type);
        Assert.Equal(Dir("b", mode: 0x1c0, owner: 7), fs.Nodes["b"]);
        Assert.Equal(1, fs.Origins["b"]);
        Assert.Equal(0, fs.Origins["b/y"]);
    }

    [Fact]
    public void A_hard_link_becomes_a_copy_of_its_targets_node()
    {
        var fs = Flatten(Layer(File("bin/real", "sha256:cc"), new FileNode("bin/alias", LayerEntryType.HardLink, 0x1ff, 0, 0, null, "bin/real", 0, 0)));

        Assert.Equal(File("bin/alias", "sha256:cc"), fs.Nodes["bin/alias"]);
    }

    [Fact]
    public void The_comparison_names_each_difference_and_ignores_only_the_content_of_ignored_paths()
    {
        var docker = new ImageSnapshot(
            new Dictionary<string, FileNode> { ["var/log/x"] = File("var/log/x", "sha256:1"), ["a"] = File("a"), ["gone"] = File("gone") },
            ["user: app", "env[0]: A=1"]);
        var ours = new ImageSnapshot(
            new Dictionary<string, FileNode> { ["var/log/x"] = File("var/log/x", "sha256:2"), ["a"] = Dir("a"), ["extra"] = File("extra") },
            ["user: app", "env[0]: A=2"]);

        var differences = ImageComparison.Compare(docker, ours, ["var/log/**"]);

        Assert.Equal(5, differences.Count);
        Assert.StartsWith("differs:     docker a file", differences[0], StringComparison.Ordinal);
        Assert.StartsWith("only ours:   extra", differences[1], StringComparison.Ordinal);
        Assert.StartsWith("only docker: gone", differences[2], StringComparison.Ordinal);
        Assert.Equal("config only docker: env[0]: A=1", differences[3]);
        Assert.Equal("config only ours:   env[0]: A=2", differences[4]);
        Assert.Empty(ImageComparison.Compare(docker, docker, []));
    }

    [Theory]
    [InlineData("var/log/**", "var/log/apt/history.log", true)]
    [InlineData("var/cache/debconf/*", "var/cache/debconf/config.dat", true)]
    [InlineData("var/cache/debconf/*", "var/cache/debconf/sub/x", false)]
    [InlineData("etc/?otd", "etc/motd", true)]
    [InlineData("etc/motd", "etc/motd.d", false)]
    public void Ignore_globs_cross_folders_only_with_two_stars(string glob, string path, bool matches) =>
        Assert.Equal(matches, ImageComparison.Glob(glob).IsMatch(path));
}
