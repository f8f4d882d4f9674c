using ContainerBuild.Engine.Ops;
using ContainerBuild.Graph;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>ADD of local bzip2 and xz archives (unpacked with the host's bzip2 and xz, as Docker does for xz), and of compressed files that are no tar.</summary>
public sealed class CompressedArchiveTests
{
    [Fact]
    public async Task Bzip2_and_xz_tars_unpack_with_owners_modes_and_links_and_compressed_non_tars_are_copied_as_they_are()
    {
        Requires.Program("bzip2");
        Requires.Program("xz");
        using var context = await ContextAsync();
        using var harness = new OpsHarness(new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context.Path });
        var local = State.Local("context");
        var state = State.Scratch()
            .CopyStep(local, "payload.tar.bz2", "/bz2/", DockerCopy.Add)
            .CopyStep(local, "payload.tar.xz", "/xz/", DockerCopy.Add)
            .CopyStep(local, "notes.txt.xz", "/notes/", DockerCopy.Add)
            .CopyStep(local, "notes.txt.gz", "/notes/", DockerCopy.Add);

        var solved = await harness.SolveAsync(state);

        var items = new List<TarItem>();
        foreach (var layer in solved.Result.Layers)
        {
            items.AddRange(await harness.ReadLayerAsync(layer));
        }

        foreach (var root in (string[])["bz2", "xz"])
        {
            Assert.Equal("packed\n", Assert.Single(items, i => i.Path == $"{root}/pkg/readme").Content);
            var tool = Assert.Single(items, i => i.Path == $"{root}/pkg/bin/tool");
            Assert.Equal((0b111_101_000, 123, 456), (tool.Mode, tool.Uid, tool.Gid));
            Assert.Equal("bin/tool", Assert.Single(items, i => i.Path == $"{root}/pkg/current").Link);
        }

        Assert.Contains(items, i => i.Path == "notes/notes.txt.xz" && i.Type == 'f');
        Assert.Contains(items, i => i.Path == "notes/notes.txt.gz" && i.Type == 'f');
        Assert.DoesNotContain(items, i => i.Path == "notes/notes.txt");
    }

    [Fact]
    public async Task A_truncated_xz_archive_fails_with_what_xz_says()
    {
        Requires.Program("xz");
        using var context = await ContextAsync();
        using var harness = new OpsHarness(new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context.Path });

        var error = await Assert.ThrowsAsync<SolveException>(() => harness.SolveAsync(State.Scratch().CopyStep(State.Local("context"), "broken.tar.xz", "/x/", DockerCopy.Add)));

        var decompression = Assert.IsType<ArchiveDecompressionException>(error.InnerException);
        Assert.Equal("xz", decompression.Program);
        Assert.NotEqual(0, decompression.ExitCode);
        Assert.Contains("end of input", decompression.Detail, StringComparison.OrdinalIgnoreCase);
    }

    // A payload tarred with owners, a mode and a link, compressed every way; a compressed text file; a half xz archive.
    private static async Task<TempDirectory> ContextAsync()
    {
        var context = new TempDirectory("cb-archives");
        using var payload = new TempDirectory("cb-payload");
        LocalTrees.Write(payload.Path, ("pkg/readme", "packed\n"), ("pkg/bin/tool", "tool\n"), ("pkg/filler", new string('x', 4096) + string.Concat(Enumerable.Range(0, 20000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        LocalTrees.Chmod(payload.Combine("pkg", "bin", "tool"), "750");
        File.CreateSymbolicLink(payload.Combine("pkg", "current"), "bin/tool");
        await RunAsync("tar", "--owner=123", "--group=456", "-cjf", context.Combine("payload.tar.bz2"), "-C", payload.Path, "pkg");
        await RunAsync("tar", "--owner=123", "--group=456", "-cJf", context.Combine("payload.tar.xz"), "-C", payload.Path, "pkg");
        File.WriteAllText(context.Combine("notes.txt"), "not an archive\n");
        await RunAsync("xz", "-k", context.Combine("notes.txt"));
        await RunAsync("gzip", "-k", context.Combine("notes.txt"));
        var whole = File.ReadAllBytes(context.Combine("payload.tar.xz"));
        File.WriteAllBytes(context.Combine("broken.tar.xz"), whole[..(whole.Length / 2)]);
        return context;
    }

    private static async Task RunAsync(string program, params string[] arguments) =>
        (await ProcessRunner.RunAsync(program, arguments, cancellationToken: OpsHarness.Token)).EnsureSuccess(program);
}
