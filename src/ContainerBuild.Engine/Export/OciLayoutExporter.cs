using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Writes an OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/...</c>).
/// An existing layout is added to: blobs it has are kept, and entries with the same ref name are replaced.
/// </summary>
public sealed class OciLayoutExporter(string directory) : IImageExporter
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var graph = await ImageGraph.LoadAsync(image.Root, image.Blobs, cancellationToken).ConfigureAwait(false);
        System.IO.Directory.CreateDirectory(Directory);
        var blobs = OciLayout.AllBlobs(graph);
        var documents = graph.Documents.ToDictionary(d => d.Descriptor.Digest, d => d.Bytes);
        foreach (var blob in blobs)
        {
            var path = Path.Combine(Directory, OciLayout.BlobPath(blob.Digest));
            if (File.Exists(path) && new FileInfo(path).Length == blob.Size)
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (documents.TryGetValue(blob.Digest, out var bytes))
            {
                await AtomicFile.WriteAsync(path, bytes, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stream = await image.Blobs.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await AtomicFile.WriteAsync(path, stream, blob.Size, cancellationToken).ConfigureAwait(false);
            }
        }

        await AtomicFile.WriteAsync(Path.Combine(Directory, "oci-layout"), OciLayout.LayoutMarker, cancellationToken).ConfigureAwait(false);
        var entries = MergeEntries(ReadExistingEntries(), OciLayout.EntriesFor(image.Root, image.Names));
        await AtomicFile.WriteAsync(Path.Combine(Directory, "index.json"), OciLayout.IndexJson(entries), cancellationToken).ConfigureAwait(false);
        return new OciLayoutResult(image.Root, Directory, blobs.Count);
    }

    private List<Descriptor> ReadExistingEntries()
    {
        var path = Path.Combine(Directory, "index.json");
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return [.. ImageIndex.Parse(File.ReadAllBytes(path)).Manifests];
        }
        catch (InvalidManifestException e)
        {
            throw new ExportException($"'{path}' is not a valid OCI index ({e.Message}): write the layout to an empty directory, or remove it.", e);
        }
    }

    // New entries replace old ones of the same ref name (or, unnamed, of the same digest); the rest stay in order.
    private static List<Descriptor> MergeEntries(List<Descriptor> existing, IReadOnlyList<Descriptor> added)
    {
        static string? NameOf(Descriptor d) => d.Annotations?.GetValueOrDefault(OciLayout.RefNameAnnotation);
        var names = added.Select(NameOf).Where(n => n is not null).ToHashSet(StringComparer.Ordinal);
        var kept = existing.Where(e => NameOf(e) is { } name ? !names.Contains(name) : !added.Any(a => NameOf(a) is null && a.Digest == e.Digest));
        return [.. kept, .. added];
    }
}
