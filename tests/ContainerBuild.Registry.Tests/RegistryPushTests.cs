using System.Collections.Concurrent;
using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry.Tests;

/// <summary>Pushing to the real registries, read back by skopeo to prove the image is valid.</summary>
public sealed class RegistryPushTests
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anonymous")]
    [InlineData("basic")]
    [InlineData("token")]
    public async Task A_pushed_image_is_read_back_by_skopeo(string which)
    {
        var registry = TestRegistries.Require(which);
        var skopeo = Requires.Program("skopeo");
        using var client = TestRegistries.Client(registry, TestRegistries.Credential);
        var repository = TestRegistries.NewRepository();
        var image = TestImage.Create();
        var progress = new ConcurrentBag<BlobProgress>();

        var results = await client.PushBlobsAsync(repository, [image.Layer, image.Config], progress: new SyncProgress<BlobProgress>(progress.Add), cancellationToken: ct);
        var digest = await client.PushManifestAsync(repository, ["v1", "latest"], image.Manifest, ct);

        Assert.All(results, r => Assert.Equal(BlobPushOutcome.Uploaded, r.Outcome));
        Assert.Equal(image.Layer.Size + image.Config.Size, results.Sum(r => r.BytesSent));
        Assert.Contains(progress, p => p.Digest == image.Layer.Digest && p.BytesSent == image.Layer.Size);
        Assert.Equal(image.Manifest.Digest, digest);

        var inspect = await ProcessRunner.RunAsync(
            skopeo,
            ["inspect", "--tls-verify=false", "--creds", $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}", $"docker://{registry}/{repository}:v1"],
            cancellationToken: ct);
        inspect.EnsureSuccess("skopeo inspect");
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(digest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(image.Layer.Digest.ToString(), json.RootElement.GetProperty("Layers")[0].GetString());

        var again = await client.PushBlobAsync(repository, TestImage.Unreadable(image.Layer.Digest, image.Layer.Size), cancellationToken: ct);
        Assert.Equal(BlobPushOutcome.AlreadyExists, again.Outcome);
        Assert.Equal(image.Manifest.ToDescriptor(), await client.ResolveAsync(repository, "latest", ct));
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("token")]
    public async Task A_base_layer_is_mounted_from_another_repository_without_sending_it(string which)
    {
        var registry = TestRegistries.Require(which);
        using var client = TestRegistries.Client(registry, TestRegistries.Credential);
        var manifest = await client.GetManifestAsync("busybox", "amd64", ct);
        var (digest, size) = TestRegistries.FirstLayer(manifest);
        var repository = TestRegistries.NewRepository("mount");

        var result = await client.PushBlobAsync(repository, TestImage.Unreadable(digest, size), mountFrom: "busybox", cancellationToken: ct);

        Assert.Equal(BlobPushOutcome.Mounted, result.Outcome);
        Assert.Equal(0, result.BytesSent);
        Assert.True(await client.BlobExistsAsync(repository, digest, ct));
    }

    [Fact]
    public async Task A_blob_over_the_threshold_goes_up_in_chunks_and_reads_back_intact()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry, options: new RegistryClientOptions { ChunkedUploadThreshold = 100_000, ChunkSize = 64 * 1024 });
        var repository = TestRegistries.NewRepository("chunks");
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_000);
        var blob = BlobSource.FromBytes(bytes);
        var progress = new List<BlobProgress>();

        var result = await client.PushBlobAsync(repository, blob, progress: new SyncProgress<BlobProgress>(progress.Add), cancellationToken: ct);

        Assert.Equal(BlobPushOutcome.UploadedInChunks, result.Outcome);
        Assert.Equal(bytes.Length, result.BytesSent);
        Assert.Equal([65536, 131072, 196608, 262144, 300000], progress.Select(p => p.BytesSent));
        var back = await client.GetBlobBytesAsync(repository, blob.Digest, blob.Size, cancellationToken: ct);
        Assert.Equal(bytes, back);
    }

    [Fact]
    public async Task Many_layers_upload_in_parallel_and_all_arrive()
    {
        Requires.TokenAuthRegistry();
        using var client = TestRegistries.Client(TestEnvironment.TokenAuthRegistry, TestRegistries.Credential, new RegistryClientOptions { MaxParallelUploads = 4 });
        var repository = TestRegistries.NewRepository("parallel");
        var blobs = Enumerable.Range(0, 8).Select(_ => BlobSource.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000))).ToList();

        var results = await client.PushBlobsAsync(repository, blobs, cancellationToken: ct);

        Assert.Equal(blobs.Select(b => b.Digest), results.Select(r => r.Digest));
        foreach (var blob in blobs)
        {
            Assert.True(await client.BlobExistsAsync(repository, blob.Digest, ct));
        }
    }

    [Fact]
    public async Task An_index_is_pushed_by_digest_and_by_tag()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry);
        var repository = TestRegistries.NewRepository("index");
        var image = TestImage.Create();
        await client.PushBlobsAsync(repository, [image.Layer, image.Config], cancellationToken: ct);
        await client.PushManifestAsync(repository, image.Manifest.Digest.ToString(), image.Manifest, ct);
        var index = RegistryManifest.Create(JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = MediaType.OciIndex.Value,
            manifests = new[]
            {
                new { mediaType = MediaType.OciManifest.Value, digest = image.Manifest.Digest.ToString(), size = image.Manifest.Size, platform = new { architecture = "amd64", os = "linux" } },
            },
        }), MediaType.OciIndex);

        var digest = await client.PushManifestAsync(repository, "multi", index, ct);

        var back = await client.GetManifestAsync(repository, "multi", ct);
        Assert.Equal(index.Digest, digest);
        Assert.Equal(MediaType.OciIndex, back.MediaType);
        Assert.Equal(index.Bytes.ToArray(), back.Bytes.ToArray());
    }

    [Fact]
    public async Task A_single_POST_upload_falls_back_once_on_a_registry_that_ignores_it()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry, options: new RegistryClientOptions { SinglePostUpload = true, MaxParallelUploads = 1 });
        var repository = TestRegistries.NewRepository("post");
        var first = BlobSource.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10_000));
        var second = BlobSource.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10_000));

        var results = await client.PushBlobsAsync(repository, [first, second], cancellationToken: ct);

        Assert.Equal([20_000L, 10_000L], results.Select(r => r.BytesSent));
        Assert.True(await client.BlobExistsAsync(repository, first.Digest, ct));
        Assert.True(await client.BlobExistsAsync(repository, second.Digest, ct));
    }

    [Fact]
    public void The_pool_shares_one_client_per_registry_and_Docker_Hub_alias()
    {
        using var pool = new RegistryClientPool(new RegistryClientOptions());

        Assert.Same(pool.Get("docker.io"), pool.Get("index.docker.io"));
        Assert.Same(pool.Get("127.0.0.1:5000"), pool.Get(new RepositoryAddress("127.0.0.1:5000", "busybox")));
        Assert.NotSame(pool.Get("127.0.0.1:5000"), pool.Get("127.0.0.1:5001"));
        Assert.Equal("registry-1.docker.io", pool.Get("docker.io").ApiHost);
    }

    /// <summary>Reports on the calling thread, so a test sees every report before the push returns.</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
