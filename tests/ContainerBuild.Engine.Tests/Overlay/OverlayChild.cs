using System.Diagnostics;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Engine.Tests.Snapshots;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>
/// A second process that mounts a RUN's root filesystem and waits to be killed: this test assembly run again with
/// one explicit test selected, told where through the environment. It is never run in a normal test run.
/// </summary>
public sealed class OverlayChild
{
    private const string RootVariable = "CB_OVERLAY_CHILD_ROOT";
    private const string ReadyVariable = "CB_OVERLAY_CHILD_READY";

    /// <summary>Starts a child that mounts over the store at <paramref name="root"/> and writes the mount point to <paramref name="ready"/>.</summary>
    internal static Process Start(string root, string ready)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true };
        foreach (var argument in (string[])["exec", typeof(OverlayChild).Assembly.Location,
            "-method", $"{typeof(OverlayChild).FullName}.{nameof(Mount_and_wait_to_be_killed)}", "-explicit", "only", "-noLogo", "-noColor"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[RootVariable] = root;
        info.Environment[ReadyVariable] = ready;
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the overlay child process.");
    }

    /// <summary>A one-layer chain written into the store.</summary>
    internal static async Task<LayerChain> ChainAsync(ContentStore store) =>
        LayerChain.Empty.Append(await LocalLayers.WriteAsync(store, LocalLayers.File("etc/os-release", "ID=test\n")));

    [Fact(Explicit = true)]
    public async Task Mount_and_wait_to_be_killed()
    {
        var root = Environment.GetEnvironmentVariable(RootVariable);
        if (string.IsNullOrEmpty(root))
        {
            Assert.Skip("Run only as the killed process of the stale mount test.");
        }

        var store = new ContentStore(root);
        var mounter = new RootfsMounter(store, new SnapshotStore(store), new RootfsMountOptions { Mode = RootfsMode.Overlay });
        var mount = await mounter.MountAsync(await ChainAsync(store), new StoreBlobSource(store), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Environment.GetEnvironmentVariable(ReadyVariable)!, mount.Path, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
    }
}
