using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry.Tests;

/// <summary>Resolving and pulling against the real registries of the test environment.</summary>
public sealed class RegistryPullTests
{
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anonymous")]
    [InlineData("basic")]
    [InlineData("token")]
    public async Task Busybox_latest_resolves_to_an_index_whose_amd64_manifest_verifies(string which)
    {
        var registry = TestRegistries.Require(which);
        using var client = TestRegistries.Client(registry, which == "anonymous" ? null : TestRegistries.Credential);

        var head = await client.ResolveAsync("busybox", "latest", ct);
        var index = await client.GetManifestAsync("busybox", "latest", ct);

        Assert.True(head.MediaType.IsIndex, $"busybox:latest is {head.MediaType}");
        Assert.Equal(head.Digest, index.Digest);
        Assert.Equal(head.Size, index.Size);
        Assert.Equal(Digest.Compute(index.Bytes.Span), index.Digest);

        using var document = JsonDocument.Parse(index.Bytes);
        var amd64 = document.RootElement.GetProperty("manifests").EnumerateArray()
            .First(m => m.GetProperty("platform").GetProperty("architecture").GetString() == "amd64");
        var digest = Digest.Parse(amd64.GetProperty("digest").GetString()!);
        var manifest = await client.GetManifestAsync("busybox", digest.ToString(), ct);
        Assert.Equal(digest, manifest.Digest);
        Assert.True(manifest.MediaType.IsManifest);
    }

    [Fact]
    public async Task A_layer_of_busybox_amd64_streams_and_verifies()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry);
        var manifest = await client.GetManifestAsync("busybox", "amd64", ct);
        var (digest, size) = TestRegistries.FirstLayer(manifest);

        await using var stream = await client.OpenBlobAsync("busybox", digest, size, ct);
        var actual = await Digest.ComputeAsync(stream, ct);

        Assert.Equal(digest, actual);
        Assert.Equal(size, stream.BytesRead);
    }

    [Fact]
    public async Task A_blob_asked_for_with_the_wrong_size_fails_as_a_mismatch()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry);
        var manifest = await client.GetManifestAsync("busybox", "amd64", ct);
        var (digest, size) = TestRegistries.FirstLayer(manifest);

        var e = await Assert.ThrowsAsync<BlobDigestMismatchException>(async () =>
        {
            await using var stream = await client.OpenBlobAsync("busybox", digest, size + 1, ct);
            await stream.CopyToAsync(Stream.Null, ct);
        });
        Assert.Equal(size + 1, e.ExpectedSize);
    }

    [Fact]
    public async Task Unknown_tags_blobs_and_repositories_are_typed()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry);

        var tag = await Assert.ThrowsAsync<ManifestNotFoundException>(() => client.GetManifestAsync("busybox", "no-such-tag", ct));
        Assert.True(tag.HasErrorCode(RegistryErrorCodes.ManifestUnknown));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, tag.StatusCode);
        Assert.Contains("busybox:no-such-tag", tag.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ManifestNotFoundException>(() => client.ResolveAsync("busybox", "no-such-tag", ct));

        await Assert.ThrowsAsync<ManifestNotFoundException>(() => client.GetManifestAsync("cbtest/never-pushed", "latest", ct));
        var repo = await Assert.ThrowsAsync<RepositoryNameUnknownException>(() => client.ListTagsAsync("cbtest/never-pushed", ct));
        Assert.True(repo.HasErrorCode(RegistryErrorCodes.NameUnknown));

        var missing = Digest.Compute("not in the registry"u8);
        Assert.False(await client.BlobExistsAsync("busybox", missing, ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => client.OpenBlobAsync("busybox", missing, cancellationToken: ct));
    }

    [Fact]
    public async Task Tags_are_listed()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry);

        var tags = await client.ListTagsAsync("busybox", ct);

        Assert.Contains("latest", tags);
        Assert.Contains("amd64", tags);
    }

    [Fact]
    public async Task A_docker_schema2_manifest_keeps_its_media_type()
    {
        Requires.Registry();
        using var client = TestRegistries.Client(TestEnvironment.Registry);

        var manifest = await client.GetManifestAsync("debian", "bookworm-slim-v2s2", ct);

        Assert.Equal(MediaType.DockerManifest, manifest.MediaType);
        Assert.Equal(manifest.ToDescriptor(), await client.ResolveAsync("debian", "bookworm-slim-v2s2", ct));
    }
}
