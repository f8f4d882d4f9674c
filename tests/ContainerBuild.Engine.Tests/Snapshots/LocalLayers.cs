using System.Text;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Tests.Snapshots;

/// <summary>Layers written by our layer writer straight into a store, as a build's own layers are.</summary>
internal static class LocalLayers
{
    public static async Task<LayerRef> WriteAsync(ContentStore store, params LayerEntry[] entries)
    {
        var builder = new LayerBuilder();
        builder.AddRange(entries);
        using var blob = new MemoryStream();
        var built = await builder.WriteAsync(blob, TestContext.Current.CancellationToken);
        await store.WriteAsync(blob.ToArray(), built.Digest, TestContext.Current.CancellationToken);
        return new LayerRef(built.ToDescriptor(), built.DiffId);
    }

    public static LayerFile File(string path, string content, int mode = 0b110_100_100) =>
        new(path, LayerFileSource.FromBytes(Encoding.UTF8.GetBytes(content))) { Mode = mode };
}
