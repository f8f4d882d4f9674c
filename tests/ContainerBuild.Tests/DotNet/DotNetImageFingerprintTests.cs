using System.Net;
using ContainerBuild.DotNet;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using ContainerBuild.Solver.Progress;
using static ContainerBuild.Tests.DotNet.DotNetBuilds;

namespace ContainerBuild.Tests.DotNet;

/// <summary>
/// The no-op republish (issue 6): a build with the same request and every output still in place returns the recorded
/// result without solving; a changed file or tag, a deleted tag, a moved base, a removed archive or loaded image each
/// build again (and put the output back).
/// </summary>
public sealed class DotNetImageFingerprintTests : IDisposable
{
    private readonly TempDirectory temp = new("cb-dotnet-fingerprint");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_same_request_again_returns_the_recorded_result_and_runs_nothing()
    {
        Requires.Registry();
        var request = await RequestAsync(Base("dotnet/runtime:10.0"), NewRepository("fp-same"));
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);
        var blobs = StoreBlobs(request.StoreRoot!);
        var progress = new StatusCounter();

        var again = await new DotNetImageBuilder().BuildAsync(request with { ProgressSink = progress }, Token);

        Assert.False(first.Unchanged);
        Assert.Contains("no fingerprint", first.FingerprintNote, StringComparison.Ordinal);
        Assert.True(again.Unchanged, again.FingerprintNote);
        Assert.StartsWith("image unchanged (fingerprint), ", again.FingerprintNote, StringComparison.Ordinal);
        Assert.Equal(0, progress.Count);
        Assert.Equal((0, 0), (again.Build.Executed, again.Build.Cached));
        Assert.Empty(again.Build.Outputs);
        Assert.Equal(first.Digest, again.Digest);
        Assert.Equal(first.MediaType, again.MediaType);
        Assert.Equal(first.ManifestJson, again.ManifestJson);
        Assert.Equal(first.ConfigJson, again.ConfigJson);
        Assert.Equal(first.RootJson, again.RootJson);
        Assert.Equal(first.Names, again.Names);
        Assert.Equal(first.User, again.User);
        Assert.Equal(first.Ports, again.Ports);
        Assert.Equal(first.Build.Manifests, again.Build.Manifests, ManifestsEqual);
        Assert.Equal(first.Build.Metadata, again.Build.Metadata);
        Assert.Equal(blobs, StoreBlobs(request.StoreRoot!));
    }

    [Fact]
    public async Task A_changed_published_file_builds_again()
    {
        Requires.Registry();
        var request = await RequestAsync(Base("dotnet/runtime:10.0"), NewRepository("fp-file"));
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);
        var config = request.Platforms[0].Files.First(f => f.RelativePath == "App.runtimeconfig.json").SourcePath;
        File.AppendAllText(config, "\n");

        var second = await new DotNetImageBuilder().BuildAsync(request, Token);
        var third = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.False(second.Unchanged);
        Assert.Contains("a published file changed", second.FingerprintNote, StringComparison.Ordinal);
        Assert.True(second.Build.Executed > 0);
        Assert.NotEqual(first.Digest, second.Digest);
        Assert.True(third.Unchanged, third.FingerprintNote);
        Assert.Equal(second.Digest, third.Digest);
    }

    [Fact]
    public async Task A_changed_tag_builds_again_and_pushes_the_new_tag()
    {
        Requires.Registry();
        var repository = NewRepository("fp-tag");
        var request = await RequestAsync(Base("dotnet/runtime:10.0"), repository);
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);

        var retagged = await new DotNetImageBuilder().BuildAsync(request with { Tags = ["2"] }, Token);

        Assert.False(retagged.Unchanged);
        Assert.Contains("container settings", retagged.FingerprintNote, StringComparison.Ordinal);
        Assert.Equal(first.Digest, retagged.Digest);
        Assert.Equal([$"{TestEnvironment.Registry}/{repository}:2"], retagged.Names);
        Assert.Equal(first.Digest, await HeadAsync(repository, "2"));
        Assert.True((await new DotNetImageBuilder().BuildAsync(request with { Tags = ["2"] }, Token)).Unchanged);
    }

    [Fact]
    public async Task A_tag_deleted_from_the_registry_builds_again_and_pushes_it_back()
    {
        Requires.Registry();
        var repository = NewRepository("fp-deleted");
        var request = await RequestAsync(Base("dotnet/runtime:10.0"), repository);
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);
        using (var http = new HttpClient())
        {
            using var delete = await http.DeleteAsync(new Uri($"http://{TestEnvironment.Registry}/v2/{repository}/manifests/{first.Digest}"), Token);
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        Assert.Null(await HeadAsync(repository, "1"));

        var second = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.False(second.Unchanged);
        Assert.Contains($"{repository}:1 is at no image now", second.FingerprintNote, StringComparison.Ordinal);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.Digest, await HeadAsync(repository, "1"));
    }

    [Fact]
    public async Task A_base_tag_pointed_at_another_image_builds_again_on_the_new_base()
    {
        Requires.Registry();
        var baseRepository = NewRepository("fp-base");
        var baseImage = $"{TestEnvironment.Registry}/{baseRepository}:10.0";
        await CopyImageAsync(Base("dotnet/runtime:10.0"), baseImage);
        var request = await RequestAsync(baseImage, NewRepository("fp-on-base"));
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);
        Assert.True((await new DotNetImageBuilder().BuildAsync(request, Token)).Unchanged);

        await CopyImageAsync(Base("dotnet/runtime-deps:10.0"), baseImage);
        var moved = await HeadAsync(baseRepository, "10.0");
        var second = await new DotNetImageBuilder().BuildAsync(request, Token);
        var third = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.False(second.Unchanged);
        Assert.Contains($"the base image {baseImage} is at {moved}", second.FingerprintNote, StringComparison.Ordinal);
        Assert.NotEqual(first.Digest, second.Digest);
        Assert.Equal(moved?.ToString(), Json(second.ConfigJson).GetProperty("config").GetProperty("Labels").GetProperty(DotNetImageConfig.BaseDigestLabel).GetString());
        Assert.True(third.Unchanged, third.FingerprintNote);
        Assert.Equal(second.Digest, third.Digest);
    }

    [Fact]
    public async Task Two_platforms_come_back_with_their_index_and_both_manifests()
    {
        Requires.Registry();
        var request = await RequestAsync(Base("dotnet/runtime-deps:10.0"), NewRepository("fp-index"));
        var files = request.Platforms[0].Files;
        request = request with { Platforms = [new DotNetImagePlatform(Platform.LinuxAmd64, "linux-x64", files), new DotNetImagePlatform(Platform.Parse("linux/arm64"), "linux-arm64", files)] };
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);

        var again = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.True(again.Unchanged, again.FingerprintNote);
        Assert.Equal(MediaType.OciIndex.Value, again.MediaType);
        Assert.Equal(first.RootJson, again.RootJson);
        Assert.Equal(first.Digest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(again.RootJson!)));
        Assert.Equal(["linux/amd64", "linux/arm64"], again.Build.Manifests.Select(m => m.Platform.ToString()));
        Assert.Equal(first.Build.Manifests, again.Build.Manifests, ManifestsEqual);
    }

    [Fact]
    public async Task An_archive_removed_or_rewritten_is_written_again()
    {
        Requires.Registry();
        var request = await RequestAsync(Base("dotnet/runtime:10.0"), "cb-test/fp-archive") with { Registry = null, ArchiveOutputPath = temp.Combine("out") + "/" };
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);
        var archive = first.ArchiveOutputPath!;
        var again = await new DotNetImageBuilder().BuildAsync(request, Token);
        File.Delete(archive);

        var rewritten = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.True(again.Unchanged, again.FingerprintNote);
        Assert.Equal(archive, again.ArchiveOutputPath);
        Assert.False(rewritten.Unchanged);
        Assert.Contains($"the archive {archive} is gone", rewritten.FingerprintNote, StringComparison.Ordinal);
        Assert.True(File.Exists(archive));
        Assert.Equal(first.Digest, rewritten.Digest);
    }

    [Fact]
    public async Task An_image_removed_from_docker_is_loaded_again()
    {
        Requires.Registry();
        var docker = Requires.Docker();
        var repository = NewRepository("fp-load");
        var request = await RequestAsync(Base("dotnet/runtime:10.0"), repository) with { Registry = null };
        var name = $"{repository}:1";
        try
        {
            var first = await new DotNetImageBuilder().BuildAsync(request, Token);
            var again = await new DotNetImageBuilder().BuildAsync(request, Token);
            await DockerRemoveImageAsync(name);

            var reloaded = await new DotNetImageBuilder().BuildAsync(request, Token);

            Assert.True(again.Unchanged, again.FingerprintNote);
            Assert.False(reloaded.Unchanged);
            Assert.Contains("image inspect found no such image", reloaded.FingerprintNote, StringComparison.Ordinal);
            var id = await ProcessRunner.RunAsync(docker, ["image", "inspect", "--format", "{{.Id}}", name], cancellationToken: Token);
            Assert.Equal(first.Build.Manifests[0].Config.Digest.ToString(), id.EnsureSuccess("docker image inspect").StandardOutput.Trim());
        }
        finally
        {
            await DockerRemoveImageAsync(name);
        }
    }

    [Fact]
    public async Task With_credentials_the_check_signs_in_and_the_staging_folder_holds_no_password()
    {
        Requires.BasicAuthRegistry();
        var registry = TestEnvironment.BasicAuthRegistry;
        var request = await RequestAsync($"{registry}/busybox:amd64", NewRepository("fp-auth")) with
        {
            Registry = registry,
            Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["DOTNET_CONTAINER_REGISTRY_UNAME"] = TestEnvironment.RegistryUser,
                ["DOTNET_CONTAINER_REGISTRY_PWORD"] = TestEnvironment.RegistryPassword,
                ["HOME"] = temp.Path,
            },
        };
        var first = await new DotNetImageBuilder().BuildAsync(request, Token);

        var again = await new DotNetImageBuilder().BuildAsync(request, Token);

        Assert.True(again.Unchanged, again.FingerprintNote);
        Assert.Equal(first.Digest, again.Digest);
        foreach (var file in Directory.EnumerateFiles(request.StagingDirectory!, "*", SearchOption.TopDirectoryOnly))
        {
            Assert.DoesNotContain(TestEnvironment.RegistryPassword, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    // The layered app in a folder of the test's own (so a test may change a file), on linux/amd64, pushed as :1.
    private async Task<DotNetImageRequest> RequestAsync(string baseImage, string repository)
    {
        var app = (await PublishedApp.SharedAsync(LayeredProject.Shared)).CopyTo(temp.Combine("publish"));
        return Request(app, baseImage, repository, temp, "/app/App");
    }

    private static async Task<Digest?> HeadAsync(string repository, string tag)
    {
        using var client = new RegistryClient(TestEnvironment.Registry);
        try
        {
            return (await client.ResolveAsync(repository, tag, Token)).Digest;
        }
        catch (ManifestNotFoundException)
        {
            return null;
        }
    }

    private static async Task CopyImageAsync(string from, string to)
    {
        var skopeo = Requires.Program("skopeo");
        var copy = await ProcessRunner.RunAsync(
            skopeo,
            ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--override-arch", "amd64", "--override-os", "linux", $"docker://{from}", $"docker://{to}"],
            timeout: TimeSpan.FromMinutes(3),
            cancellationToken: Token);
        copy.EnsureSuccess($"skopeo copy {from} {to}");
    }

    private static bool ManifestsEqual(Engine.Exporting.ExportedManifest left, Engine.Exporting.ExportedManifest right) =>
        left.Platform.ToString() == right.Platform.ToString()
        && (left.Manifest.Digest, left.Config.Digest) == (right.Manifest.Digest, right.Config.Digest)
        && left.Layers.Select(l => l.Digest).SequenceEqual(right.Layers.Select(l => l.Digest));

    private static string[] StoreBlobs(string storeRoot) =>
        [.. Directory.EnumerateFiles(Path.Combine(storeRoot, "blobs"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private sealed class StatusCounter : IProgressSink
    {
        private int count;

        public int Count => count;

        public void Publish(SolveStatus status) => Interlocked.Increment(ref count);
    }
}
