using System.Diagnostics;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>A process killed while its RUN's overlay is mounted leaves a mount that the next startup takes down.</summary>
public sealed class StaleMountTests : IDisposable
{
    private readonly OverlayHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task CleanupStaleMounts_unmounts_and_removes_what_a_killed_process_left_and_spares_live_mounts()
    {
        OverlayHarness.RequireOverlay();
        var mounter = harness.Mounter(RootfsMode.Overlay);
        await using var live = await mounter.MountAsync(await ChainAsync(harness), harness.Stored, Token);
        var ready = Path.Combine(harness.Root, "child-ready");

        using (var child = OverlayChild.Start(harness.Root, ready))
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(ready) && !child.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(20, Token);
            }

            Assert.True(File.Exists(ready), $"The child did not mount: {(child.HasExited ? await child.StandardOutput.ReadToEndAsync(Token) : "still running")}");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(Token);
        }

        var orphan = (await File.ReadAllTextAsync(ready, Token)).Trim();
        Assert.Contains(orphan, OverlayHarness.MountsUnder(mounter.MountsDirectory));

        var removed = mounter.CleanupStaleMounts();

        Assert.Equal(1, removed);
        Assert.Equal([live.Path], OverlayHarness.MountsUnder(mounter.MountsDirectory));
        Assert.False(Directory.Exists(Path.GetDirectoryName(orphan)));
        Assert.True(File.Exists(Path.Combine(live.Path, "etc/os-release")));
    }

    private static Task<LayerChain> ChainAsync(OverlayHarness harness) => OverlayChild.ChainAsync(harness.Store);
}
