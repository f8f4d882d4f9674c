using System.Text;
using System.Text.Json;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Sources;

/// <summary>Resolving image sources against the real registries: manifests and configs only, never a layer.</summary>
public sealed class ImageSourceResolverTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resolving_aspnet_stores_its_manifest_and_config_and_downloads_no_layer()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        var result = await harness.ResolveAsync("dotnet/aspnet:10.0");

        var stored = await harness.StoredAsync();
        Assert.True(result.Layers.Count >= 3, $"aspnet has several layers, got {result.Layers.Count}");
        Assert.Equal(
            new[] { result.Root.Digest, result.Manifest.Digest, result.ConfigDescriptor.Digest }.Distinct().Order(),
            stored.Select(s => s.Digest).Order());
        Assert.DoesNotContain(stored, s => result.Layers.Any(l => l.Digest == s.Digest));
        Assert.True(stored.Sum(s => s.Size) < 64 * 1024, $"only documents are stored, yet the store holds {stored.Sum(s => s.Size)} bytes");
        Assert.All(result.Layers, l => Assert.DoesNotContain(harness.Requests, r => r.Contains(l.Digest.ToString(), StringComparison.Ordinal)));
        Assert.All(result.Layers, l => Assert.Equal(new RepositoryAddress(TestEnvironment.Registry, "dotnet/aspnet"), l.Origin));
        Assert.Equal(result.Config.RootFileSystem.DiffIds, result.Layers.DiffIds);
        Assert.Equal("amd64", result.Platform.Architecture);
        Assert.Contains(result.Config.Config!.Env!, e => e.StartsWith("ASPNET_VERSION=", StringComparison.Ordinal));
        Assert.NotEmpty(result.Config.History!);
        Assert.True(result.AskedRegistry);
    }

    [Fact]
    public async Task A_docker_schema2_image_resolves_with_its_docker_media_types()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        var result = await harness.ResolveAsync("debian:bookworm-slim-v2s2");

        Assert.Equal(MediaType.DockerManifest, result.Manifest.MediaType);
        Assert.Equal(MediaType.DockerLayerGzip, Assert.Single(result.Layers).MediaType);
        Assert.Equal(result.Config.RootFileSystem.DiffIds[0], result.Layers.ChainId);
    }

    [Fact]
    public async Task The_local_mode_with_an_empty_store_fails_naming_the_image_and_asks_no_registry()
    {
        using var harness = new ResolverHarness();

        var error = await Assert.ThrowsAsync<ImageNotInStoreException>(() => harness.ResolveAsync("busybox:amd64", mode: SourceResolveMode.Local));

        Assert.Contains($"{TestEnvironment.Registry}/busybox:amd64", error.Message, StringComparison.Ordinal);
        Assert.Contains("local", error.Message, StringComparison.Ordinal);
        Assert.Equal(harness.Root, error.StoreRoot);
        Assert.Empty(harness.Requests);
    }

    [Fact]
    public async Task After_one_resolution_default_and_local_answer_from_the_store_and_pull_asks_the_registry_again()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();
        var first = await harness.ResolveAsync("busybox:latest", Platform.LinuxArm64);
        harness.Requests.Clear();

        var byDefault = await harness.ResolveAsync("busybox:latest", Platform.LinuxArm64);
        var local = await harness.ResolveAsync("busybox:latest", Platform.LinuxArm64, SourceResolveMode.Local);
        Assert.Empty(harness.Requests);
        var pulled = await harness.ResolveAsync("busybox:latest", Platform.LinuxArm64, SourceResolveMode.Pull);

        Assert.True(first.AskedRegistry);
        Assert.False(byDefault.AskedRegistry);
        Assert.False(local.AskedRegistry);
        Assert.True(pulled.AskedRegistry);
        Assert.Contains(harness.Requests, r => r.StartsWith("HEAD ", StringComparison.Ordinal) && r.Contains("/busybox/manifests/latest", StringComparison.Ordinal));
        Assert.All(new[] { byDefault, local, pulled }, r => Assert.Equal(first.Manifest.Digest, r.Manifest.Digest));
        Assert.All(new[] { byDefault, local, pulled }, r => Assert.Equal(first.Layers, r.Layers));
        Assert.Equal(first.ResolvedAt, byDefault.ResolvedAt);
    }

    [Fact]
    public async Task The_resolution_is_cached_per_platform()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();
        await harness.ResolveAsync("busybox:latest", Platform.LinuxAmd64);

        await Assert.ThrowsAsync<ImageNotInStoreException>(() => harness.ResolveAsync("busybox:latest", Platform.LinuxArm64, SourceResolveMode.Local));
        var amd64 = await harness.ResolveAsync("busybox:latest", Platform.Parse("linux/x86_64"), SourceResolveMode.Local);

        Assert.Equal("amd64", amd64.Platform.Architecture);
    }

    [Fact]
    public async Task A_moved_tag_keeps_its_cached_digest_in_default_mode_until_a_pull_or_an_expiry()
    {
        Requires.Registry();
        var skopeo = Requires.Program("skopeo");
        var repository = $"cb-test/{Export.RegistryImages.Unique("moving")}";
        var tag = $"{TestEnvironment.Registry}/{repository}:moving";
        await CopyAsync(skopeo, $"{TestEnvironment.Registry}/busybox:amd64", tag);
        using var root = new TempDirectory("cb-sources");
        using var harness = new ResolverHarness(sharedRoot: root);
        var before = await harness.ResolveAsync($"{repository}:moving");
        await CopyAsync(skopeo, $"{TestEnvironment.Registry}/debian:bookworm-slim", tag);

        var cached = await harness.ResolveAsync($"{repository}:moving");
        var pulled = await harness.ResolveAsync($"{repository}:moving", mode: SourceResolveMode.Pull);
        var afterPull = await harness.ResolveAsync($"{repository}:moving");
        await CopyAsync(skopeo, $"{TestEnvironment.Registry}/busybox:amd64", tag);
        var stillCached = await harness.ResolveAsync($"{repository}:moving");
        using var strict = new ResolverHarness(new ImageSourceResolverOptions { MaxResolveAge = TimeSpan.Zero }, sharedRoot: root);
        var expired = await strict.ResolveAsync($"{repository}:moving");

        Assert.Equal(before.Manifest.Digest, cached.Manifest.Digest);
        Assert.NotEqual(before.Manifest.Digest, pulled.Manifest.Digest);
        Assert.Equal(pulled.Manifest.Digest, afterPull.Manifest.Digest);
        Assert.Equal(pulled.Manifest.Digest, stillCached.Manifest.Digest);
        Assert.False(stillCached.AskedRegistry);
        Assert.Equal(before.Manifest.Digest, expired.Manifest.Digest);
        Assert.True(expired.AskedRegistry);
    }

    [Fact]
    public async Task An_index_resolves_to_each_platforms_own_manifest_and_config()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        var amd64 = await harness.ResolveAsync("busybox:latest", Platform.LinuxAmd64);
        var arm64 = await harness.ResolveAsync("busybox:latest", Platform.LinuxArm64);

        Assert.Equal(amd64.Root, arm64.Root);
        Assert.True(amd64.Root.MediaType.IsIndex);
        Assert.NotEqual(amd64.Manifest.Digest, arm64.Manifest.Digest);
        Assert.Equal("amd64", amd64.Platform.Architecture);
        Assert.Equal("arm64", arm64.Platform.Architecture);
        Assert.Equal("amd64", amd64.Config.Architecture);
        Assert.Equal("arm64", arm64.Config.Architecture);
        Assert.NotEqual(amd64.Layers.ChainId, arm64.Layers.ChainId);
        Assert.Equal($"{TestEnvironment.Registry}/busybox:latest@{amd64.Root.Digest}", amd64.PinnedReference.ToString());
    }

    [Fact]
    public async Task A_platform_the_index_lacks_is_refused_naming_the_platforms_it_offers()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        var error = await Assert.ThrowsAsync<ImagePlatformNotFoundException>(() => harness.ResolveAsync("busybox:latest", Platform.Parse("linux/s390x")));

        Assert.Equal("linux/s390x", error.Wanted.ToString());
        Assert.Contains(error.Offered, p => p.Architecture == "amd64");
        Assert.Contains(error.Offered, p => p.Architecture == "arm64");
        Assert.Contains("linux/s390x", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/amd64", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", error.Message, StringComparison.Ordinal);
        Assert.Contains("busybox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_platform_image_is_refused_for_another_platform()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        var error = await Assert.ThrowsAsync<ImagePlatformNotFoundException>(() => harness.ResolveAsync("busybox:amd64", Platform.LinuxArm64));

        Assert.Equal("amd64", Assert.Single(error.Offered).Architecture);
    }

    [Fact]
    public async Task The_chain_id_of_debian_and_of_aspnet_is_what_the_spec_computes_from_the_configs_diff_ids()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        foreach (var image in (string[])["debian:bookworm-slim", "dotnet/aspnet:10.0"])
        {
            var result = await harness.ResolveAsync(image);
            var configJson = await File.ReadAllBytesAsync(Path.Combine(harness.Root, "blobs", "sha256", result.ConfigDescriptor.Digest.Hex), Token);
            using var config = JsonDocument.Parse(configJson);
            var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()!).ToList();

            // ChainID(L0) = DiffID(L0); ChainID(L0..Ln) = sha256 of "ChainID(L0..Ln-1) DiffID(Ln)".
            var expected = diffIds[0];
            foreach (var diffId in diffIds.Skip(1))
            {
                expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes($"{expected} {diffId}")));
            }

            Assert.Equal(expected, result.Layers.ChainId.ToString());
            Assert.Equal(diffIds.Count, result.Layers.ChainIds.Count);
        }
    }

    [Fact]
    public async Task A_digest_reference_the_store_holds_resolves_without_the_registry()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();
        var byTag = await harness.ResolveAsync("busybox:latest", Platform.LinuxArm64);
        harness.Requests.Clear();

        var byDigest = await harness.Resolver.ResolveAsync(
            ResolverHarness.Local($"busybox@{byTag.Root.Digest}"), Platform.LinuxArm64, SourceResolveMode.Default, Token);

        Assert.Empty(harness.Requests);
        Assert.False(byDigest.AskedRegistry);
        Assert.Equal(byTag.Manifest.Digest, byDigest.Manifest.Digest);
        Assert.Equal(byTag.Layers, byDigest.Layers);
    }

    [Fact]
    public async Task An_llb_identifier_resolves_like_its_reference()
    {
        Requires.Registry();
        using var harness = new ResolverHarness();

        var result = await harness.Resolver.ResolveAsync($"docker-image://{TestEnvironment.Registry}/busybox", Platform.LinuxAmd64, SourceResolveMode.Default, Token);

        Assert.Equal($"{TestEnvironment.Registry}/busybox:latest", result.Reference.ToString());
        Assert.Equal("amd64", result.Platform.Architecture);
        Assert.Throws<FormatException>(() => ImageSourceResolver.ParseIdentifier("local://context"));
    }

    [Fact]
    public async Task The_basic_auth_registry_resolves_with_credentials_from_the_environment_and_refuses_without()
    {
        Requires.BasicAuthRegistry();
        var reference = ImageReference.Parse($"{TestEnvironment.BasicAuthRegistry}/busybox:latest");
        using var store = new TempDirectory("cb-sources");
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = TestEnvironment.RegistryUser,
            ["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = TestEnvironment.RegistryPassword,
            ["DOCKER_CONFIG"] = store.Combine("no-docker-config"),
            ["HOME"] = store.Path,
        };
        using var clients = ImageSourceResolver.CreateClients(environment);
        using var anonymous = ImageSourceResolver.CreateClients(new Dictionary<string, string?> { ["HOME"] = store.Path, ["DOCKER_CONFIG"] = store.Combine("none") });
        var contentStore = new ContainerBuild.Engine.Store.ContentStore(store.Combine("root"));

        var result = await new ImageSourceResolver(contentStore, clients).ResolveAsync(reference, Platform.LinuxArm64, SourceResolveMode.Pull, Token);
        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => new ImageSourceResolver(contentStore, anonymous).ResolveAsync(reference, Platform.LinuxArm64, SourceResolveMode.Pull, Token));

        Assert.Equal("arm64", result.Platform.Architecture);
        Assert.Equal(new RepositoryAddress(TestEnvironment.BasicAuthRegistry, "busybox"), result.Layers[0].Origin);
    }

    [Fact]
    public async Task The_token_auth_registry_resolves_with_a_bearer_token()
    {
        Requires.TokenAuthRegistry();
        using var harness = new ResolverHarness(credentials: new StaticCredentialSource(new RegistryCredential(TestEnvironment.RegistryUser, TestEnvironment.RegistryPassword)));

        var result = await harness.Resolver.ResolveAsync(ImageReference.Parse($"{TestEnvironment.TokenAuthRegistry}/debian:bookworm-slim"), Platform.LinuxAmd64, SourceResolveMode.Default, Token);

        Assert.Single(result.Layers);
        Assert.Equal(result.Config.RootFileSystem.DiffIds[0], result.Layers.ChainId);
    }

    [Fact]
    public void Resolve_modes_read_their_llb_spellings()
    {
        Assert.Equal(SourceResolveMode.Default, SourceResolveModes.Parse(null));
        Assert.Equal(SourceResolveMode.Default, SourceResolveModes.Parse("default"));
        Assert.Equal(SourceResolveMode.Pull, SourceResolveModes.Parse("pull"));
        Assert.Equal(SourceResolveMode.Local, SourceResolveModes.Parse("local"));
        Assert.Equal("pull", SourceResolveMode.Pull.ToAttribute());
        Assert.Throws<FormatException>(() => SourceResolveModes.Parse("prefer-local"));
    }

    private static async Task CopyAsync(string skopeo, string from, string to) =>
        (await ProcessRunner.RunAsync(
            skopeo,
            ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--override-arch", "amd64", "--override-os", "linux", $"docker://{from}", $"docker://{to}"],
            timeout: TimeSpan.FromMinutes(2),
            cancellationToken: Token)).EnsureSuccess("skopeo copy");
}
