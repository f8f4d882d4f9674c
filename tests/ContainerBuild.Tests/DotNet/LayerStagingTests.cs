using ContainerBuild.DotNet;

namespace ContainerBuild.Tests.DotNet;

/// <summary>Per-layer staging folders: exactly the layer's files, kept up to date in place.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LayerStagingTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-staging");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_staging_folder_holds_exactly_the_layers_files_under_their_relative_paths_with_their_modes()
    {
        var tool = Source("bin/tool", "#!/bin/sh\n", (UnixFileMode)0b111_101_101);
        var data = Source("x/data.json", "{}", (UnixFileMode)0b110_100_100);
        var staging = temp.Combine("staging", "app");

        LayerStaging.Sync(staging, [new(tool, "App", DotNetLayerKind.App), new(data, "config\\data.json", DotNetLayerKind.App)]);

        Assert.Equal(["App", "config/data.json"], Listing(staging));
        Assert.Equal("#!/bin/sh\n", File.ReadAllText(Path.Combine(staging, "App")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(staging, "App")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(staging, "config")));
    }

    [Fact]
    public void A_second_sync_follows_changed_moved_and_removed_files()
    {
        var a = Source("a.dll", "one");
        var b = Source("b.dll", "two");
        var staging = temp.Combine("staging", "app");
        LayerStaging.Sync(staging, [new(a, "a.dll", DotNetLayerKind.App), new(b, "sub/b.dll", DotNetLayerKind.App)]);

        File.Delete(a);
        File.WriteAllText(a, "one, rebuilt");
        LayerStaging.Sync(staging, [new(a, "a.dll", DotNetLayerKind.App), new(b, "b.dll", DotNetLayerKind.App)]);

        Assert.Equal(["a.dll", "b.dll"], Listing(staging));
        Assert.Equal("one, rebuilt", File.ReadAllText(Path.Combine(staging, "a.dll")));
        Assert.False(Directory.Exists(Path.Combine(staging, "sub")));
    }

    [Fact]
    public void Paths_that_leave_the_folder_or_collide_are_refused()
    {
        var a = Source("a.dll", "one");
        var staging = temp.Combine("staging", "app");

        Assert.Throws<ArgumentException>(() => LayerStaging.Sync(staging, [new(a, "../a.dll", DotNetLayerKind.App)]));
        Assert.Throws<ArgumentException>(() => LayerStaging.Sync(staging, [new(a, "/etc/a.dll", DotNetLayerKind.App)]));
        Assert.Throws<ArgumentException>(() => LayerStaging.Sync(staging, [new(a, "a.dll", DotNetLayerKind.App), new(a, "./a.dll", DotNetLayerKind.App)]));
        Assert.Throws<FileNotFoundException>(() => LayerStaging.Sync(staging, [new(temp.Combine("missing.dll"), "m.dll", DotNetLayerKind.App)]));
    }

    private string Source(string relative, string text, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        var path = temp.Combine("src", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static List<string> Listing(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal)];
}
