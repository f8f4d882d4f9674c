using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Unpacks one platform's root filesystem into a directory: each layer in order, whiteouts applied,
/// nothing allowed outside the directory. Each layer's tar must hash to its config's diff id.
/// </summary>
public sealed class LocalDirectoryExporter(string directory, DockerArchiveOptions? options = null) : IImageExporter
{
    private readonly DockerArchiveOptions options = options ?? new DockerArchiveOptions();

    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var graph = await ImageGraph.LoadAsync(image.Root, image.Blobs, cancellationToken).ConfigureAwait(false);
        var chosen = graph.SelectManifest(options.Platform);
        var config = ImageConfig.Parse(await image.Blobs.ReadAllBytesAsync(chosen.Manifest.Config, cancellationToken).ConfigureAwait(false));
        var diffIds = config.RootFileSystem.DiffIds;
        if (diffIds.Count != chosen.Manifest.Layers.Count)
        {
            throw new ExportException(
                $"The manifest {chosen.Descriptor.Digest} lists {chosen.Manifest.Layers.Count} layers but its config lists {diffIds.Count} diff ids: the image is inconsistent.");
        }

        System.IO.Directory.CreateDirectory(Directory);
        var entries = 0;
        for (var i = 0; i < chosen.Manifest.Layers.Count; i++)
        {
            var layer = chosen.Manifest.Layers[i];
            var blob = await image.Blobs.OpenAsync(layer, cancellationToken).ConfigureAwait(false);
            await using (blob.ConfigureAwait(false))
            {
                var extracted = await LayerExtractor.ExtractAsync(blob, Directory, new LayerExtractOptions(), cancellationToken).ConfigureAwait(false);
                if (extracted.DiffId != diffIds[i])
                {
                    throw new LayerDiffIdMismatchException(layer.Digest, diffIds[i], extracted.DiffId);
                }

                entries += extracted.EntryCount;
            }
        }

        return new LocalDirectoryResult(image.Root, chosen.Descriptor, Directory, entries);
    }
}
