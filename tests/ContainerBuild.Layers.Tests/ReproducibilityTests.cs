using System.Text.RegularExpressions;
using static ContainerBuild.Layers.Tests.LayerTestSupport;

namespace ContainerBuild.Layers.Tests;

/// <summary>
/// The same tree, copied to two places with different mtimes and packed by two separate processes
/// (the bench packer), gives the same digests; GNU tar, gzip and zstd read what we wrote.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ReproducibilityTests : IDisposable
{
    private static readonly string LongDirectory = string.Join('/', Enumerable.Repeat("nested-directory-name", 6));
    private static readonly string VeryLongName = new string('n', 90) + "/" + string.Join('/', Enumerable.Repeat("another-long-directory-segment", 8)) + "/file.txt";
    private readonly TempDirectory temp = new("cb-repro");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task Two_processes_on_two_copies_give_the_same_digest(string compression)
    {
        var first = MakeFixture(temp.Combine("one"), DateTime.UtcNow.AddDays(-3));
        var second = MakeFixture(temp.Combine("elsewhere", "two"), DateTime.UtcNow.AddYears(-7));

        var a = await PackAsync(first, temp.Combine("a.layer"), compression);
        var b = await PackAsync(second, temp.Combine("b.layer"), compression);

        Assert.Equal(a, b);
        Assert.Equal(System.IO.File.ReadAllBytes(temp.Combine("a.layer")), System.IO.File.ReadAllBytes(temp.Combine("b.layer")));
    }

    [Fact]
    public async Task Gnu_tar_lists_modes_owners_order_and_names_as_written()
    {
        var tree = MakeFixture(temp.Combine("tree"), DateTime.UtcNow);
        await PackAsync(tree, temp.Combine("layer.tgz"), "gzip");

        (await RunAsync("gzip", "-t", temp.Combine("layer.tgz"))).EnsureSuccess("gzip -t");
        var listing = (await RunAsync("tar", "--numeric-owner", "-tzvf", temp.Combine("layer.tgz"))).EnsureSuccess("tar -tzvf").StandardOutput;
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.DoesNotContain("warning", listing, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(lines, l => l.StartsWith("-rwxr-xr-x 0/0", StringComparison.Ordinal) && l.EndsWith(" bin/run.sh", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("-rw-r--r-- 0/0", StringComparison.Ordinal) && l.EndsWith(" bin/data.txt", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("drwxr-xr-x 0/0", StringComparison.Ordinal) && l.EndsWith(" empty/", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lrwxrwxrwx", StringComparison.Ordinal) && l.EndsWith(" link -> bin/data.txt", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" " + LongDirectory + "/deep.txt", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" " + VeryLongName, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(" unicodé/日本.txt", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains(" 2023-11-14 22:13 ", l, StringComparison.Ordinal));

        var names = lines.Select(l => NameColumn().Match(l).Groups[1].Value.Split(" -> ")[0].TrimEnd('/')).ToList();
        Assert.Equal(names.Order(LayerPath.Comparer), names);

        var extracted = temp.Combine("extracted");
        Directory.CreateDirectory(extracted);
        (await RunAsync("tar", "-xzf", temp.Combine("layer.tgz"), "-C", extracted)).EnsureSuccess("tar -xzf");
        Assert.Equal(System.IO.File.ReadAllText(Path.Combine(tree, VeryLongName)), System.IO.File.ReadAllText(Path.Combine(extracted, VeryLongName)));
    }

    [Fact]
    public async Task Zstd_cli_verifies_and_gnu_tar_reads_our_zstd_layer()
    {
        var zstd = Requires.Program("zstd");
        var tree = MakeFixture(temp.Combine("tree"), DateTime.UtcNow);
        await PackAsync(tree, temp.Combine("layer.tzst"), "zstd");

        (await RunAsync(zstd, "-t", temp.Combine("layer.tzst"))).EnsureSuccess("zstd -t");
        var listing = (await RunAsync("tar", "--zstd", "-tvf", temp.Combine("layer.tzst"))).EnsureSuccess("tar --zstd -tvf").StandardOutput;
        Assert.Contains(VeryLongName, listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gnu_tar_reads_hard_links_and_whiteouts()
    {
        var (_, bytes) = await WriteAsync(Options(), File("z", "data"), new LayerHardLink("a", "z"), new LayerWhiteout("gone"), new LayerOpaqueWhiteout("dir"));
        System.IO.File.WriteAllBytes(temp.Combine("l.tar"), bytes);

        var listing = (await RunAsync("tar", "-tvf", temp.Combine("l.tar"))).EnsureSuccess("tar -tvf").StandardOutput;

        Assert.Contains("z link to a", listing, StringComparison.Ordinal);
        Assert.Contains(".wh.gone", listing, StringComparison.Ordinal);
        Assert.Contains("dir/.wh..wh..opq", listing, StringComparison.Ordinal);
    }

    private async Task<string> PackAsync(string tree, string output, string compression)
    {
        var packer = Path.Combine(AppContext.BaseDirectory, "ContainerBuild.Bench.dll");
        var result = (await RunAsync("dotnet", packer, "pack", tree, output, "--compression", compression, "--level", compression == "zstd" ? "3" : "6", "--source-date", "1700000000"))
            .EnsureSuccess("the packer");
        return DigestsOnly().Match(result.StandardOutput).Value;
    }

    /// <summary>A tree with executables, empty dirs, symlinks, long and unicode names; mtimes set to <paramref name="mtime"/>.</summary>
    private static string MakeFixture(string root, DateTime mtime)
    {
        void Write(string relative, string content, string mode = "644")
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, content);
            System.IO.File.SetUnixFileMode(path, (UnixFileMode)Oct(mode));
        }

        Write("bin/run.sh", "#!/bin/sh\necho hi\n", "755");
        Write("bin/data.txt", new string('d', 3000));
        Write(LongDirectory + "/deep.txt", "deep");
        Write(VeryLongName, "very long");
        Write("unicodé/日本.txt", "unicode");
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        System.IO.File.CreateSymbolicLink(Path.Combine(root, "link"), "bin/data.txt");
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root))
        {
            if (new FileInfo(entry).LinkTarget is null)
            {
                if (Directory.Exists(entry))
                {
                    System.IO.File.SetUnixFileMode(entry, (UnixFileMode)Oct("755")); // The same whatever the umask.
                }

                System.IO.File.SetLastWriteTimeUtc(entry, mtime);
            }
        }

        return root;
    }

    [GeneratedRegex(@"digest=\S+ diffid=\S+ size=\d+ uncompressed=\d+")]
    private static partial Regex DigestsOnly();

    [GeneratedRegex(@"\d\d:\d\d (.*)$")]
    private static partial Regex NameColumn();
}
