using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Tests.Snapshots;
using static ContainerBuild.Engine.Tests.Snapshots.LocalLayers;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>How the kernel mounts our overlays: what a RUN writes never syncs the store's filesystem; a state to read has no upper dir.</summary>
public sealed class OverlayMountOptionsTests : IDisposable
{
    private readonly OverlayHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task A_writable_root_is_volatile_and_a_read_only_view_has_no_upper_dir()
    {
        OverlayHarness.RequireOverlay();
        var layer = await LocalLayers.WriteAsync(harness.Store, File("etc/app.conf", "x"));
        var chain = LayerChain.Empty.Append(layer);
        var mounter = harness.Mounter(RootfsMode.Overlay);

        await using var writable = await mounter.MountAsync(chain, harness.Stored, Token);
        await using var readOnly = await mounter.MountReadOnlyAsync(chain, harness.Stored, Token);

        Assert.NotNull(readOnly);
        var written = SuperOptions(writable.Path);
        Assert.Contains(written, IsVolatile);
        Assert.Contains(written, o => o.StartsWith("upperdir=", StringComparison.Ordinal));
        var read = SuperOptions(readOnly.Path);
        Assert.DoesNotContain(read, o => o.StartsWith("upperdir=", StringComparison.Ordinal));
        Assert.DoesNotContain(read, IsVolatile);
    }

    // Linux 6.x lists the option as fsync=volatile.
    private static bool IsVolatile(string option) => option is "volatile" or "fsync=volatile";

    // /proc/self/mountinfo: "... mount-point options [optional fields] - fstype source super-options".
    private static string[] SuperOptions(string mountPoint)
    {
        var line = Assert.Single(System.IO.File.ReadLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == mountPoint);
        var after = line[(line.IndexOf(" - ", StringComparison.Ordinal) + 3)..].Split(' ');
        return after[2].Split(',');
    }
}
