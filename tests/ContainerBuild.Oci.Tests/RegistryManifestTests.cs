using System.Text;

namespace ContainerBuild.Oci.Tests;

/// <summary>Reads real manifests and configs from the test registry through skopeo, and checks the parser and writer against them.</summary>
public sealed class RegistryManifestTests
{
    private static async Task<byte[]> SkopeoAsync(params string[] arguments)
    {
        var skopeo = Requires.Program("skopeo");
        Requires.Registry();
        var result = await ProcessRunner.RunAsync(
            skopeo, ["inspect", "--tls-verify=false", .. arguments], timeout: TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        result.EnsureSuccess("skopeo inspect " + string.Join(' ', arguments));
        // skopeo --raw writes the blob's bytes as they are (umoci's configs end with a newline, its indexes do not).
        return Encoding.UTF8.GetBytes(result.StandardOutput);
    }

    private static string Image(string name) => $"docker://{TestEnvironment.Registry}/{name}";

    private static async Task<Digest> RegistryDigestAsync(string name)
    {
        var json = await SkopeoAsync("--format", "{{.Digest}}", "--no-tags", Image(name));
        return Digest.Parse(Encoding.UTF8.GetString(json).Trim());
    }

    [Fact]
    public async Task The_busybox_index_parses_and_rewrites_to_the_registry_digest()
    {
        var raw = await SkopeoAsync("--raw", Image("busybox:latest"));
        var index = Assert.IsType<ImageIndex>(ManifestParser.Parse(raw, null));

        Assert.NotNull(index.FindManifest(Platform.Parse("linux/amd64")));
        var arm64 = index.FindManifest(Platform.Parse("aarch64"));
        Assert.NotNull(arm64);
        Assert.True(arm64.Platform!.Matches(Platform.LinuxArm64));

        var registryDigest = Digest.Compute(raw);
        var rewritten = index.ToJsonBytes();
        if (rewritten.AsSpan().SequenceEqual(raw))
        {
            Assert.Equal(registryDigest, Digest.Compute(rewritten));
        }

        Json.AssertSameContent(raw, rewritten);
        // umoci writes indexes in the spec's field order, as we do: the bytes must come back identical.
        Assert.Equal(Encoding.UTF8.GetString(raw), Encoding.UTF8.GetString(rewritten));
        Assert.Equal(registryDigest, index.ToDescriptor().Digest);

        foreach (var entry in index.Manifests)
        {
            var child = await SkopeoAsync("--raw", Image("busybox@" + entry.Digest));
            Assert.Equal(entry.Digest, Digest.Compute(child));
            var manifest = ManifestParser.ParseManifest(child, entry.MediaType.Value);
            Assert.Equal(LayerCompression.Gzip, Assert.Single(manifest.Layers).MediaType.LayerCompression);
            Json.AssertSameContent(child, manifest.ToJsonBytes());
        }
    }

    [Fact]
    public async Task The_registry_digest_is_the_digest_of_the_raw_manifest()
    {
        var raw = await SkopeoAsync("--raw", Image("busybox:latest"));
        Assert.Equal(await RegistryDigestAsync("busybox:latest"), Digest.Compute(raw));
    }

    [Fact]
    public async Task A_docker_schema2_manifest_from_the_registry_parses_and_round_trips()
    {
        var raw = await SkopeoAsync("--raw", Image("debian:bookworm-slim-v2s2"));
        var manifest = ManifestParser.ParseManifest(raw, null);

        Assert.Equal(MediaType.DockerManifest, manifest.MediaType);
        Assert.Equal(MediaType.DockerConfig, manifest.Config.MediaType);
        Assert.Equal(MediaType.DockerLayerGzip, Assert.Single(manifest.Layers).MediaType);
        var rewritten = manifest.ToJsonBytes();
        Json.AssertSameContent(raw, rewritten);
        Assert.Equal(rewritten, ImageManifest.Parse(rewritten, MediaType.DockerManifest.Value).ToJsonBytes());

        var config = await SkopeoAsync("--config", "--raw", Image("debian:bookworm-slim-v2s2"));
        Assert.Equal(manifest.Config.Digest, Digest.Compute(config));
        var parsed = ImageConfig.Parse(config);
        Assert.Equal(manifest.Layers.Count, parsed.RootFileSystem.DiffIds.Count);
        Json.AssertSameContent(config, parsed.ToJsonBytes());
    }

    [Fact]
    public async Task The_aspnet_config_parses_and_round_trips_every_field()
    {
        var manifestBytes = await SkopeoAsync("--raw", Image("dotnet/aspnet:10.0"));
        var manifest = ManifestParser.ParseManifest(manifestBytes, null);
        var raw = await SkopeoAsync("--config", "--raw", Image("dotnet/aspnet:10.0"));
        Assert.Equal(manifest.Config.Digest, Digest.Compute(raw));
        Assert.Equal(manifest.Config.Size, raw.Length);

        var config = ImageConfig.Parse(raw);
        Assert.Equal("linux/amd64", config.Platform.ToString());
        Assert.Contains(config.Config!.Env!, e => e.StartsWith("ASPNET_VERSION=", StringComparison.Ordinal));
        Assert.Equal(manifest.Layers.Count, config.RootFileSystem.DiffIds.Count);
        Assert.Equal(manifest.Layers.Count, config.History!.Count(h => !h.EmptyLayer));

        var rewritten = config.ToJsonBytes();
        Json.AssertSameContent(raw, rewritten);
        Assert.Equal(rewritten, ImageConfig.Parse(rewritten).ToJsonBytes());
    }
}
