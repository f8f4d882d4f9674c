using ContainerBuild.Engine.Export;
using ContainerBuild.Registry;
using static ContainerBuild.Engine.Tests.Export.RegistryImages;

namespace ContainerBuild.Engine.Tests.Export;

/// <summary>Pushing to the real registries, checked with skopeo.</summary>
public sealed class PushTests
{
    [Fact]
    public async Task A_copy_to_a_new_repository_of_the_same_registry_mounts_every_blob_and_uploads_no_bytes()
    {
        Requires.Registry();
        var skopeo = Requires.Program("skopeo");
        using var clients = Anonymous();
        var target = $"{TestEnvironment.Registry}/cb-test/{Unique("mount")}:copy";
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:amd64", [target]);
        var reported = new System.Collections.Concurrent.ConcurrentBag<BlobProgress>();
        var progress = new SynchronousProgress(reported.Add);

        var result = (RegistryPushResult)await new RegistryExporter(clients, progress).ExportAsync(export, Token);

        var pushed = Assert.Single(result.Images);
        Assert.Equal(export.Root.Digest, pushed.Digest);
        Assert.All(pushed.Blobs, b => Assert.Equal(BlobPushOutcome.Mounted, b.Outcome));
        Assert.Equal(0, result.BytesUploaded);
        Assert.Equal(pushed.Blobs.Select(b => b.Digest).Order(), reported.Select(p => p.Digest).Order());
        var inspected = (await RunAsync(skopeo, "inspect", "--tls-verify=false", $"docker://{target}")).EnsureSuccess("skopeo inspect");
        Assert.Contains($"\"Digest\": \"{export.Root.Digest}\"", inspected.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_index_pushed_to_the_basic_auth_registry_uploads_its_blobs_and_skopeo_reads_it()
    {
        Requires.Registry();
        Requires.BasicAuthRegistry();
        var skopeo = Requires.Program("skopeo");
        using var anonymous = Anonymous();
        using var authenticated = WithTestUser();
        var target = $"{TestEnvironment.BasicAuthRegistry}/cb-test/{Unique("copy")}:multi";
        var export = await FromRegistryAsync(anonymous, $"{TestEnvironment.Registry}/busybox:latest", [target]);

        var result = (RegistryPushResult)await new RegistryExporter(authenticated).ExportAsync(export, Token);

        Assert.Equal(export.Root.Digest, Assert.Single(result.Images).Digest);
        Assert.True(result.BytesUploaded > 0);
        var raw = (await RunAsync(skopeo, "inspect", "--raw", "--tls-verify=false", "--creds", $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}", $"docker://{target}"))
            .EnsureSuccess("skopeo inspect --raw");
        Assert.Contains("\"arm64\"", raw.StandardOutput, StringComparison.Ordinal);
        (await RunAsync(skopeo, "inspect", "--tls-verify=false", "--creds", $"{TestEnvironment.RegistryUser}:{TestEnvironment.RegistryPassword}", $"docker://{target}"))
            .EnsureSuccess("skopeo inspect");
    }

    [Fact]
    public async Task Pushing_again_finds_every_blob_already_there()
    {
        Requires.Registry();
        using var clients = Anonymous();
        var target = $"{TestEnvironment.Registry}/cb-test/{Unique("again")}:one";
        var export = await FromRegistryAsync(clients, $"{TestEnvironment.Registry}/busybox:amd64", [target]);
        await new RegistryExporter(clients).ExportAsync(export, Token);

        var again = (RegistryPushResult)await new RegistryExporter(clients).ExportAsync(export, Token);

        Assert.All(Assert.Single(again.Images).Blobs, b => Assert.Equal(BlobPushOutcome.AlreadyExists, b.Outcome));
    }

    private sealed class SynchronousProgress(Action<BlobProgress> report) : IProgress<BlobProgress>
    {
        public void Report(BlobProgress value) => report(value);
    }
}
