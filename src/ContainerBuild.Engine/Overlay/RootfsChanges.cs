using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// What a RUN changed in its root filesystem, as layer entries with their real modes, owners and mtimes (parents
/// included with theirs), ready for the layer writer.
/// </summary>
/// <param name="Entries">Added and changed entries, whiteouts and opaque whiteouts, in no particular order.</param>
/// <param name="Skipped">
/// Paths of changed entries a layer cannot hold as the writer makes them (sockets, fifos, device files), left out.
/// </param>
public sealed record RootfsChanges(IReadOnlyList<LayerEntry> Entries, IReadOnlyList<string> Skipped)
{
    /// <summary>Writes the changes as one reproducible layer blob to <paramref name="destination"/> (left open).</summary>
    public Task<BuiltLayer> WriteAsync(Stream destination, LayerWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = new LayerBuilder(options);
        builder.AddRange(Entries);
        return builder.WriteAsync(destination, cancellationToken);
    }
}
