using System.Collections.Concurrent;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Sources;

/// <summary>Layer bytes come from the registry only when read, once, into the store.</summary>
public sealed class LayerBlobSourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_readers_of_a_layer_download_it_once_into_the_store_and_then_read_the_store()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();
        var image = await harness.ResolveAsync("busybox:amd64");
        var layer = Assert.Single(image.Layers);
        var reported = new ConcurrentBag<PullProgress>();
        var blobs = new LayerBlobSource(harness.Store, harness.Clients, new SynchronousProgress<PullProgress>(reported.Add)).Add(image.Layers);
        harness.Requests.Clear();

        var digests = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var stream = await blobs.OpenAsync(layer.Blob, Token);
            return await Digest.ComputeAsync(stream, Token);
        }));
        var blobGets = harness.Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains(layer.Digest.ToString(), StringComparison.Ordinal));
        await using (var again = await blobs.OpenAsync(layer.Blob, Token))
        {
            await again.CopyToAsync(Stream.Null, Token);
        }

        Assert.All(digests, d => Assert.Equal(layer.Digest, d));
        Assert.Equal(1, blobGets);
        Assert.Equal(1, harness.Requests.Count(r => r.Contains(layer.Digest.ToString(), StringComparison.Ordinal)));
        Assert.True(harness.Store.Exists(layer.Digest));
        Assert.Equal(layer.Blob.Size, reported.Max(p => p.BytesReceived));
        Assert.All(reported, p => Assert.Equal(layer.Blob.Size, p.TotalBytes));
        Assert.Equal(new RepositoryAddress(TestEnvironment.Registry, "busybox"), blobs.OriginOf(layer.Blob));
    }

    [Fact]
    public async Task A_layer_the_store_lacks_and_no_registry_serves_is_reported_missing()
    {
        using var root = new TempDirectory("cb-sources");
        using var clients = new ContainerBuild.Engine.Export.RegistryClients(new RegistryClientOptions());
        var store = new ContentStore(root.Path);
        var bytes = "not a stored layer"u8.ToArray();
        var blobs = new LayerBlobSource(store, clients).Add(new LayerRef(Descriptor.ForContent(bytes, MediaType.OciLayerGzip), Digest.Compute(bytes)));

        var error = await Assert.ThrowsAsync<ContentNotFoundException>(() => blobs.OpenAsync(Descriptor.ForContent(bytes, MediaType.OciLayerGzip), Token));

        Assert.Equal(Digest.Compute(bytes), error.Digest);
        Assert.Null(blobs.OriginOf(Descriptor.ForContent(bytes, MediaType.OciLayerGzip)));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
