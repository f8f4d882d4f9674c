using System.Globalization;
using ContainerBuild.Engine.Overlay;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Tests.Snapshots;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>Chains whose lowerdir= option outgrows one page, and chains longer than one mount stacks.</summary>
public sealed class LongChainTests : IDisposable
{
    private const int Layers = 40;
    private readonly OverlayHarness harness = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => harness.Dispose();

    [Theory]
    [InlineData(128, Layers)]
    [InlineData(8, 8)]
    public async Task A_40_layer_chain_mounts_with_every_layer_and_whiteout_in_place(int maxLowerDirs, int expectedLowers)
    {
        OverlayHarness.RequireOverlay();
        var chain = await ChainAsync();
        var mounter = harness.Mounter(RootfsMode.Overlay, maxLowerDirs);

        await using var mount = await mounter.MountAsync(chain, harness.Stored, Token);

        Assert.Equal(RootfsKind.Overlay, mount.Kind);
        Assert.Equal(expectedLowers, mount.LowerDirectories.Count);
        Assert.Equal((Layers - 1).ToString(CultureInfo.InvariantCulture), await File.ReadAllTextAsync(Path.Combine(mount.Path, "top"), Token));
        var present = Directory.EnumerateFiles(Path.Combine(mount.Path, "layers")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, Layers).Where(i => i != 5).Select(i => i.ToString("D2", CultureInfo.InvariantCulture)), present);

        File.Delete(Path.Combine(mount.Path, "layers", "07"));
        await File.WriteAllTextAsync(Path.Combine(mount.Path, "layers", "05"), "back", Token);
        var changes = await mount.GetChangesAsync(cancellationToken: Token);
        Assert.Equal(["layers:LayerDirectory", "layers/05:LayerFile", "layers/07:LayerWhiteout"], changes.Entries.Select(e => $"{e.Path}:{e.GetType().Name}"));
    }

    /// <summary>Layer i adds layers/ii and rewrites top; layer 20 deletes layers/05.</summary>
    private async Task<LayerChain> ChainAsync()
    {
        var chain = LayerChain.Empty;
        for (var i = 0; i < Layers; i++)
        {
            var number = i.ToString(CultureInfo.InvariantCulture);
            List<LayerEntry> entries = [LocalLayers.File("layers/" + i.ToString("D2", CultureInfo.InvariantCulture), number), LocalLayers.File("top", number)];
            if (i == 20)
            {
                entries.Add(new LayerWhiteout("layers/05"));
            }

            chain = chain.Append(await LocalLayers.WriteAsync(harness.Store, [.. entries]));
        }

        return chain;
    }
}
