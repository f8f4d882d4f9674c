using System.Formats.Tar;
using System.IO.Compression;
using ContainerBuild.Oci;
using static ContainerBuild.Layers.Tests.LayerTestSupport;

namespace ContainerBuild.Layers.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LayerExtractorTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-extract");

    /// <summary>A sibling of the target that every refusal test asserts stays empty.</summary>
    private string Canary => temp.Combine("canary");

    private string Target => temp.Combine("target");

    public LayerExtractorTests() => Directory.CreateDirectory(Canary);

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task Our_layer_extracts_with_modes_links_and_mtimes(LayerCompression compression)
    {
        var (layer, bytes) = await WriteAsync(
            Options(compression),
            File("bin/tool", "#!/bin/sh") with { Mode = Oct("755") },
            File("etc/secret", "s") with { Mode = Oct("600") },
            new LayerSymlink("bin/alias", "tool"),
            new LayerHardLink("bin/tool2", "bin/tool"),
            new LayerDirectory("empty") { Mode = Oct("700") });

        var result = await ExtractAsync(bytes);

        Assert.Equal(layer.DiffId, result.DiffId);
        Assert.Equal(compression, result.Compression);
        Assert.Equal("#!/bin/sh", await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "bin/tool"), TestContext.Current.CancellationToken));
        Assert.Equal((UnixFileMode)Oct("755"), System.IO.File.GetUnixFileMode(Path.Combine(Target, "bin/tool")));
        Assert.Equal((UnixFileMode)Oct("600"), System.IO.File.GetUnixFileMode(Path.Combine(Target, "etc/secret")));
        Assert.Equal((UnixFileMode)Oct("700"), System.IO.File.GetUnixFileMode(Path.Combine(Target, "empty")));
        Assert.Equal("tool", new FileInfo(Path.Combine(Target, "bin/alias")).LinkTarget);
        Assert.Equal(SourceDate.UtcDateTime, System.IO.File.GetLastWriteTimeUtc(Path.Combine(Target, "etc/secret")));
        Assert.Equal(SourceDate.UtcDateTime, Directory.GetLastWriteTimeUtc(Path.Combine(Target, "bin")));

        await System.IO.File.AppendAllTextAsync(Path.Combine(Target, "bin/tool2"), "\necho", TestContext.Current.CancellationToken);
        Assert.EndsWith("echo", await System.IO.File.ReadAllTextAsync(Path.Combine(Target, "bin/tool"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whiteouts_delete_lower_content_and_opaque_directories_empty_it()
    {
        var (_, lower) = await WriteAsync(Options(), File("etc/gone", "1"), File("etc/kept", "2"), File("var/cache/old", "3"), File("var/cache/sub/older", "4"));
        var (_, upper) = await WriteAsync(Options(), new LayerWhiteout("etc/gone"), new LayerOpaqueWhiteout("var/cache"), File("var/cache/new", "5"), File("var/cache/sub/newer", "6"));

        await ExtractAsync(lower);
        await ExtractAsync(upper);

        Assert.False(System.IO.File.Exists(Path.Combine(Target, "etc/gone")));
        Assert.True(System.IO.File.Exists(Path.Combine(Target, "etc/kept")));
        Assert.False(System.IO.File.Exists(Path.Combine(Target, "etc/.wh.gone")));
        var cache = Directory.EnumerateFiles(Path.Combine(Target, "var/cache"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Target, f)).Order(StringComparer.Ordinal);
        Assert.Equal(["var/cache/new", "var/cache/sub/newer"], cache);
    }

    [Fact]
    public async Task Whiteouts_can_be_kept_as_files()
    {
        var (_, bytes) = await WriteAsync(Options(), new LayerWhiteout("etc/gone"));
        await LayerExtractor.ExtractAsync(new MemoryStream(bytes), Target, new LayerExtractOptions { Whiteouts = WhiteoutHandling.Keep }, TestContext.Current.CancellationToken);

        Assert.True(System.IO.File.Exists(Path.Combine(Target, "etc/.wh.gone")));
    }

    [Fact]
    public async Task Parent_path_entry_refuses()
    {
        var error = await RefusedAsync(HandmadeTar(TarFile("../x", "evil")));
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Absolute_path_entry_refuses()
    {
        var error = await RefusedAsync(HandmadeTar(TarFile("/etc/x", "evil")));
        Assert.Contains("absolute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symlink_to_root_then_a_file_through_it_refuses()
    {
        var error = await RefusedAsync(HandmadeTar(TarLink(TarEntryType.SymbolicLink, "a", "/"), TarFile("a/etc/passwd", "evil")));
        Assert.Equal("a/etc/passwd", error.EntryPath);
        Assert.Contains("outside the target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_symlink_out_of_the_target_then_a_file_through_it_refuses()
    {
        var error = await RefusedAsync(HandmadeTar(TarLink(TarEntryType.SymbolicLink, "a", "../canary"), TarFile("a/x", "evil")));
        Assert.Contains("outside the target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hard_link_out_of_the_target_refuses()
    {
        System.IO.File.WriteAllText(Path.Combine(temp.Path, "x"), "outside");
        var error = await RefusedAsync(HandmadeTar(TarLink(TarEntryType.HardLink, "h", "../../x")));
        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symlinks_inside_the_target_are_followed_for_parents()
    {
        await ExtractAsync(HandmadeTar(new PaxTarEntry(TarEntryType.Directory, "usr/lib"), TarLink(TarEntryType.SymbolicLink, "lib", "usr/lib"), TarFile("lib/x", "ok")));

        Assert.Equal("ok", System.IO.File.ReadAllText(Path.Combine(Target, "usr/lib/x")));
    }

    [Fact]
    public async Task Device_files_are_refused_without_the_privilege()
    {
        var tar = HandmadeTar(new PaxTarEntry(TarEntryType.CharacterDevice, "dev/null") { DeviceMajor = 1, DeviceMinor = 3 });
        var error = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(tar), Target, new LayerExtractOptions { AllowDevices = false }, TestContext.Current.CancellationToken));

        Assert.Contains("root", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(Target, "dev/null")));
    }

    [Fact]
    public async Task Truncated_tar_is_a_format_error()
    {
        var (_, bytes) = await WriteAsync(Options(), File("big", new string('x', 5000)));
        var error = await Assert.ThrowsAsync<LayerFormatException>(() => ExtractAsync(bytes[..1500]));

        Assert.Contains("big", error.Message, StringComparison.Ordinal);
        AssertCanaryEmpty();
    }

    [Fact]
    public async Task Gzip_with_garbage_is_a_format_error()
    {
        var (_, bytes) = await WriteAsync(Options(LayerCompression.Gzip), File("a", new string('x', 5000)));
        var garbage = bytes.ToArray();
        new Random(7).NextBytes(garbage.AsSpan(12, garbage.Length - 20));

        await Assert.ThrowsAsync<LayerFormatException>(() => ExtractAsync(garbage));
        await Assert.ThrowsAsync<LayerFormatException>(() => ExtractAsync([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
        AssertCanaryEmpty();
    }

    [Fact]
    public async Task Zstd_with_garbage_is_a_format_error()
    {
        var (_, bytes) = await WriteAsync(Options(LayerCompression.Zstd), File("a", new string('x', 5000)));
        var garbage = bytes.ToArray();
        new Random(7).NextBytes(garbage.AsSpan(8, garbage.Length - 12));

        await Assert.ThrowsAsync<LayerFormatException>(() => ExtractAsync(garbage));
    }

    [Fact]
    public async Task Listing_reports_what_the_headers_say()
    {
        using var gz = new MemoryStream();
        var (_, bytes) = await WriteAsync(Options(LayerCompression.Gzip), File("a/f", "abc") with { Owner = new LayerOwner(7, 8, "u", "g") }, new LayerSymlink("l", "a/f"));
        var entries = await ListAsync(bytes);

        Assert.Equal(
            [
                new LayerEntryInfo("a/", LayerEntryType.Directory, Oct("755"), 0, 0, 0, null, SourceDate, null, null, 0, 0),
                new LayerEntryInfo("a/f", LayerEntryType.File, Oct("644"), 7, 8, 3, null, SourceDate, "u", "g", 0, 0),
                new LayerEntryInfo("l", LayerEntryType.Symlink, Oct("777"), 0, 0, 0, "a/f", SourceDate, null, null, 0, 0),
            ],
            entries);
    }

    private async Task<ExtractedLayer> ExtractAsync(byte[] blob) =>
        await LayerExtractor.ExtractAsync(new MemoryStream(blob), Target, new LayerExtractOptions(), TestContext.Current.CancellationToken);

    private async Task<UnsafeLayerEntryException> RefusedAsync(byte[] tar)
    {
        foreach (var blob in new[] { tar, Gzip(tar) })
        {
            Directory.CreateDirectory(Target);
            var error = await Assert.ThrowsAsync<UnsafeLayerEntryException>(() => ExtractAsync(blob));
            AssertCanaryEmpty();
            Assert.False(System.IO.File.Exists("/etc/x") && System.IO.File.ReadAllText("/etc/x") == "evil");
            Directory.Delete(Target, recursive: true);
            if (blob != tar)
            {
                return error;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private void AssertCanaryEmpty() => Assert.Empty(Directory.EnumerateFileSystemEntries(Canary));

    private static byte[] Gzip(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }

        return output.ToArray();
    }
}
