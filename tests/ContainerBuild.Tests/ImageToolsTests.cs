using System.Text;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Tests;

/// <summary>ImageTools against the real registries, checked with skopeo.</summary>
public sealed class ImageToolsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static Dictionary<string, string?> TestUser() => new()
    {
        ["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.RegistryUser,
        ["DOTNET_CONTAINER_REGISTRY_PWORD"] = TestEnvironment.RegistryPassword,
    };

    [Fact]
    public async Task Inspecting_an_index_gives_its_bytes_each_manifest_and_each_config()
    {
        Requires.Registry();
        var tools = new ImageTools();

        var result = await tools.InspectAsync($"{TestEnvironment.Registry}/busybox:latest", cancellationToken: Token);

        Assert.True(result.IsIndex);
        Assert.Equal(result.Descriptor.Digest, Digest.Compute(result.Raw.Bytes.Span));
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], result.Manifests.Select(m => m.Platform!.ToString()));
        Assert.All(result.Manifests, m => Assert.Equal(m.Descriptor.Platform!.Architecture, m.Config!.Architecture));
    }

    [Fact]
    public async Task Inspecting_a_tag_that_does_not_exist_is_a_not_found_error()
    {
        Requires.Registry();

        await Assert.ThrowsAsync<ManifestNotFoundException>(() =>
            new ImageTools().InspectAsync($"{TestEnvironment.Registry}/busybox:no-such-tag", cancellationToken: Token));
    }

    [Fact]
    public async Task A_reference_that_does_not_parse_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<InvalidImageReferenceException>(() => new ImageTools().InspectAsync("UPPER/Case::x", cancellationToken: Token));

        Assert.Equal("UPPER/Case::x", error.Reference);
    }

    [Fact]
    public async Task A_dead_registry_is_unavailable()
    {
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => new ImageTools().InspectAsync("127.0.0.1:59999/busybox:latest", cancellationToken: Token));
    }

    [Fact]
    public async Task A_dry_run_builds_the_index_with_config_platforms_and_pushes_nothing()
    {
        Requires.Registry();
        var target = $"{TestEnvironment.Registry}/cb-test/{Unique("dry")}:v1";

        var result = await new ImageTools().CreateAsync(
            [target], [$"{TestEnvironment.Registry}/busybox:amd64"], new CreateOptions { DryRun = true, Annotations = new Dictionary<string, string> { ["org.example"] = "yes" } }, Token);

        var index = ImageIndex.Parse(result.IndexBytes.Span);
        Assert.Equal("linux/amd64", Assert.Single(index.Manifests).Platform!.ToString());
        Assert.Equal("yes", index.Annotations!["org.example"]);
        Assert.Empty(result.Pushed);
        await Assert.ThrowsAsync<ManifestNotFoundException>(() => new ImageTools().InspectAsync(target, cancellationToken: Token));
    }

    [Fact]
    public async Task An_index_created_in_another_registry_copies_the_blobs_there_and_skopeo_reads_it()
    {
        Requires.Registry();
        Requires.BasicAuthRegistry();
        var skopeo = Requires.Program("skopeo");
        var tools = new ImageTools(new ImageToolsOptions { Environment = TestUser() });
        var busybox = await tools.InspectAsync($"{TestEnvironment.Registry}/busybox:latest", new InspectOptions { IncludeConfigs = false }, Token);
        var arm64 = busybox.Manifests.Single(m => m.Platform!.Architecture == "arm64").Descriptor.Digest;
        var target = $"{TestEnvironment.BasicAuthRegistry}/cb-test/{Unique("multi")}:v1";

        var result = await tools.CreateAsync([target], [$"{TestEnvironment.Registry}/busybox:amd64", $"{TestEnvironment.Registry}/busybox@{arm64}"], cancellationToken: Token);

        var raw = (await ProcessRunner.RunAsync(
            skopeo,
            ["inspect", "--raw", "--tls-verify=false", "--creds", $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}", $"docker://{target}"],
            cancellationToken: Token)).EnsureSuccess("skopeo inspect --raw");
        Assert.Equal(result.Index.Digest, Digest.Compute(Encoding.UTF8.GetBytes(raw.StandardOutput.TrimEnd('\n'))));
        // A manifest given by digest gets its config's platform, which names no variant.
        Assert.Equal(["linux/amd64", "linux/arm64"], ImageIndex.Parse(Encoding.UTF8.GetBytes(raw.StandardOutput)).Platforms.Select(p => p.ToString()));
        (await ProcessRunner.RunAsync(
            skopeo,
            ["inspect", "--tls-verify=false", "--override-arch", "arm64", "--creds", $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}", $"docker://{target}"],
            cancellationToken: Token)).EnsureSuccess("skopeo inspect of the arm64 image, which needs its blobs copied");
    }

    [Fact]
    public async Task A_wrong_password_is_an_authentication_error_that_does_not_hold_the_password()
    {
        Requires.BasicAuthRegistry();
        const string Secret = "not-the-password-7f3a";
        var tools = new ImageTools(new ImageToolsOptions
        {
            Environment = new Dictionary<string, string?> { ["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.RegistryUser, ["DOTNET_CONTAINER_REGISTRY_PWORD"] = Secret },
        });

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => tools.InspectAsync($"{TestEnvironment.BasicAuthRegistry}/busybox:latest", cancellationToken: Token));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }
}
