using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Writes an OCI archive: a tar of an OCI layout (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/</c>),
/// deterministic (the same image and names give the same bytes). To a file, or to a stream the caller owns.
/// </summary>
public sealed class OciArchiveExporter : IImageExporter
{
    private readonly string? path;
    private readonly Stream? stream;

    public OciArchiveExporter(string path) => this.path = Path.GetFullPath(path);

    public OciArchiveExporter(Stream destination) => stream = destination ?? throw new ArgumentNullException(nameof(destination));

    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var graph = await ImageGraph.LoadAsync(image.Root, image.Blobs, cancellationToken).ConfigureAwait(false);
        if (stream is not null)
        {
            var count = await WriteAsync(graph, image, stream, cancellationToken).ConfigureAwait(false);
            return new OciLayoutResult(image.Root, "", count);
        }

        var temp = AtomicFile.TempBeside(path!);
        try
        {
            int count;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                count = await WriteAsync(graph, image, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path!, overwrite: true);
            return new OciLayoutResult(image.Root, path!, count);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<int> WriteAsync(ImageGraph graph, ImageToExport image, Stream destination, CancellationToken cancellationToken)
    {
        var tar = new DeterministicTarWriter(destination);
        var blobs = OciLayout.AllBlobs(graph);
        var documents = graph.Documents.ToDictionary(d => d.Descriptor.Digest, d => d.Bytes);
        await tar.AddFileAsync("oci-layout", OciLayout.LayoutMarker, cancellationToken).ConfigureAwait(false);
        await tar.AddFileAsync("index.json", OciLayout.IndexJson(OciLayout.EntriesFor(image.Root, image.Names)), cancellationToken).ConfigureAwait(false);
        await tar.AddDirectoryAsync("blobs/", cancellationToken).ConfigureAwait(false);
        foreach (var algorithm in blobs.Select(b => b.Digest.Algorithm).Distinct().Order(StringComparer.Ordinal))
        {
            await tar.AddDirectoryAsync($"blobs/{algorithm}/", cancellationToken).ConfigureAwait(false);
        }

        foreach (var blob in blobs)
        {
            if (documents.TryGetValue(blob.Digest, out var bytes))
            {
                await tar.AddFileAsync(OciLayout.BlobPath(blob.Digest), bytes, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var content = await image.Blobs.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                await tar.AddFileAsync(OciLayout.BlobPath(blob.Digest), content, blob.Size, cancellationToken).ConfigureAwait(false);
            }
        }

        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
        return blobs.Count;
    }
}
