using ContainerBuild.DotNet;
using ContainerBuild.Engine.Export;
using ContainerBuild.Oci;
using static ContainerBuild.Tests.DotNet.DotNetBuilds;

namespace ContainerBuild.Tests.DotNet;

/// <summary>What a rebuild costs (issue 6 item 4): nothing when nothing changed, and one small layer after a one-line change.</summary>
public sealed class DotNetImageCacheTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-dotnet-cache");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_rebuild_with_nothing_changed_or_only_touched_files_and_the_base_pulled_again_executes_nothing_writes_no_blob_and_uploads_nothing()
    {
        Requires.Registry();
        var app = (await PublishedApp.SharedAsync(LayeredProject.Shared)).CopyTo(temp.Combine("publish"));
        var request = Request(app, Base("dotnet/runtime:10.0"), NewRepository("noop"), temp, "/app/App");
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);
        var blobs = StoreBlobs(request.StoreRoot!);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var again = await new DotNetImageBuilder().BuildAsync(request, Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"no-op rebuild: {watch.Elapsed.TotalMilliseconds:F0} ms ({again.FingerprintNote})");
        foreach (var file in app.Files)
        {
            File.SetLastWriteTimeUtc(file.SourcePath, DateTime.UtcNow.AddHours(1));
        }

        watch.Restart();
        var touched = await new DotNetImageBuilder().BuildAsync(request with { PullBaseImage = true }, Token);
        TestContext.Current.TestOutputHelper?.WriteLine($"rebuild of touched files: {watch.Elapsed.TotalMilliseconds:F0} ms (solve {touched.Build.Timings.Solve.TotalMilliseconds:F0} ms, export {touched.Build.Timings.Export.TotalMilliseconds:F0} ms)");

        Assert.True(first.Build.Executed > 0);

        // Nothing changed: the fingerprint answers without the solver. Touched files: the solver runs and finds it all cached.
        Assert.True(again.Unchanged, again.FingerprintNote);
        Assert.Equal(first.Digest, again.Digest);
        Assert.False(touched.Unchanged);
        Assert.Equal(first.Digest, touched.Digest);
        Assert.Equal(0, touched.Build.Executed);
        Assert.True(touched.Build.Cached > 0);
        Assert.Equal(0, Pushed(touched).Sum(i => i.BytesUploaded));

        Assert.Equal(blobs, StoreBlobs(request.StoreRoot!));
    }

    [Fact]
    public async Task A_one_line_change_in_the_app_repacks_and_uploads_only_the_app_layer()
    {
        Requires.Registry();
        await using var proxy = new CountingRegistryProxy(TestEnvironment.Registry);
        var source = temp.Combine("src");
        var project = LayeredProject.Write(source);
        var artifacts = temp.Combine("artifacts");
        var before = await PublishedApp.PublishAsync(project, artifacts, null, Token);
        var request = Request(before, $"{proxy.Address}/dotnet/runtime:10.0", NewRepository("change"), temp, "/app/App") with { Registry = proxy.Address };
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);

        LayeredProject.WriteProgram(source, "a changed line");
        var after = await PublishedApp.PublishAsync(project, artifacts, null, Token);
        proxy.Reset();
        var second = await new DotNetImageBuilder().BuildAsync(request with { Platforms = [after.For(Platform.LinuxAmd64)] }, Token);

        var old = first.Build.Manifests[0].Layers;
        var now = second.Build.Manifests[0].Layers;
        Assert.Equal(old.Count, now.Count);
        Assert.Equal(old.SkipLast(1), now.SkipLast(1));
        Assert.NotEqual(old[^1].Digest, now[^1].Digest);

        // The app's local source, its copy and the merge that stacks the layers; the other copies came from the cache.
        Assert.Equal(3, second.Build.Executed);

        var config = second.Build.Manifests[0].Config;
        var uploaded = Pushed(second).SelectMany(i => i.Blobs).Where(b => b.BytesSent > 0).Select(b => b.Digest).ToHashSet();
        Assert.Equal(new HashSet<Digest> { now[^1].Digest, config.Digest }, uploaded);
        TestContext.Current.TestOutputHelper?.WriteLine($"after a one-line change: {proxy.BytesSent} bytes sent to the registry; app layer {now[^1].Size} bytes, all new layers {now.Skip(now.Count - 3).Sum(l => l.Size)} bytes");
        Assert.InRange(proxy.BytesSent, now[^1].Size, now[^1].Size + config.Size + (64 * 1024));
    }

    private static IReadOnlyList<PushedImage> Pushed(DotNetImageResult result) =>
        [.. result.Build.Outputs.SelectMany(o => o.Results).OfType<RegistryPushResult>().SelectMany(r => r.Images)];

    private static string[] StoreBlobs(string storeRoot) =>
        [.. Directory.EnumerateFiles(Path.Combine(storeRoot, "blobs"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
