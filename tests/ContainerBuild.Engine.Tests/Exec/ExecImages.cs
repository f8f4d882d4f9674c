using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Tests.Exec;
using ContainerBuild.Engine.Tests.Sources;
using ContainerBuild.Oci;

[assembly: AssemblyFixture(typeof(ExecImages))]

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>
/// The local registry's busybox and debian images unpacked once for every exec test (snapshots are read-only:
/// tests run on private copies made with <see cref="CopyAsync"/>).
/// </summary>
public sealed class ExecImages : IDisposable
{
    private TempDirectory? root;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, string> snapshots = new(StringComparer.Ordinal);
    private ResolverHarness? harness;

    public static Platform Arm64 => Platform.LinuxArm64;

    /// <summary>A private, writable copy of an image's root filesystem (<c>cp -a</c>) in <paramref name="into"/>.</summary>
    public async Task<string> CopyAsync(string nameAndTag, TempDirectory into, Platform? platform = null)
    {
        Requires.Registry();
        var snapshot = await SnapshotAsync(nameAndTag, platform ?? Platform.LinuxAmd64);
        var copy = into.Combine("rootfs-" + Guid.NewGuid().ToString("N")[..8]);
        (await ProcessRunner.RunAsync("cp", ["-a", snapshot, copy], cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess("cp -a");
        return copy;
    }

    public void Dispose()
    {
        harness?.Dispose();
        gate.Dispose();
        root?.Dispose();
    }

    private async Task<string> SnapshotAsync(string nameAndTag, Platform platform)
    {
        var key = nameAndTag + "|" + platform;
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!snapshots.TryGetValue(key, out var path))
            {
                // Made on first use: a test host that only lists tests, or a child process of another test, makes nothing.
                root ??= new TempDirectory("cb-exec-images");
                harness ??= new ResolverHarness(sharedRoot: root);
                var image = await harness.Resolver.ResolveAsync(ResolverHarness.Local(nameAndTag), platform, SourceResolveMode.Default, TestContext.Current.CancellationToken);
                var blobs = new LayerBlobSource(harness.Store, harness.Clients).Add(image.Layers);
                path = (await new SnapshotStore(harness.Store).GetOrCreateAsync(image.Layers, blobs, TestContext.Current.CancellationToken)).Path;
                snapshots[key] = path;
            }

            return path;
        }
        finally
        {
            gate.Release();
        }
    }
}
