namespace ContainerBuild.Layers;

/// <summary>
/// Collects entries and writes them as one reproducible layer: the same entries and options give
/// the same bytes on every machine. See <see cref="LayerWriterOptions"/> for what decides the bytes;
/// a later entry for a path replaces an earlier one.
/// </summary>
public sealed class LayerBuilder(LayerWriterOptions? options = null)
{
    private readonly List<LayerEntry> entries = [];

    public LayerWriterOptions Options { get; } = options ?? new LayerWriterOptions();

    public IReadOnlyList<LayerEntry> Entries => entries;

    public LayerBuilder Add(LayerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entries.Add(entry);
        return this;
    }

    public LayerBuilder AddRange(IEnumerable<LayerEntry> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        entries.AddRange(more);
        return this;
    }

    /// <summary>Adds a directory tree from disk under <paramref name="targetPath"/> (see <see cref="DiskEntries.FromDirectory"/>).</summary>
    public LayerBuilder AddDirectory(string sourceDirectory, string targetPath = "/", bool normalizeModes = false) =>
        AddRange(DiskEntries.FromDirectory(sourceDirectory, targetPath, normalizeModes));

    /// <summary>Writes the layer blob to <paramref name="destination"/> (left open) and says what it is.</summary>
    /// <exception cref="InvalidLayerEntryException">An entry cannot go into a layer.</exception>
    public Task<BuiltLayer> WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        var plan = LayerPlanner.Plan(entries, Options);
        return ReproducibleLayerWriter.WriteAsync(plan, destination, Options, cancellationToken);
    }

    /// <summary>Writes the layer blob to a file (through a temp file renamed into place).</summary>
    public async Task<BuiltLayer> WriteToFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            BuiltLayer result;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None);
            await using (file.ConfigureAwait(false))
            {
                result = await WriteAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
