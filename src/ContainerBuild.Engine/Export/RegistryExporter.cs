using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Pushes an image under each of its names: the blobs first, several at once (each checked for
/// existence, mounted from its origin repository when that is in the same registry, else
/// uploaded), then the manifests, then the index, then the tags.
/// </summary>
public sealed class RegistryExporter(RegistryClients clients, IProgress<BlobProgress>? progress = null) : IImageExporter
{
    public async Task<ExportResult> ExportAsync(ImageToExport image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Names.Count == 0)
        {
            throw new ExportException("A push needs at least one name to push to (such as registry.example.com/app:1.0).");
        }

        var graph = await ImageGraph.LoadAsync(image.Root, image.Blobs, cancellationToken).ConfigureAwait(false);
        var pushed = new List<PushedImage>();
        foreach (var repository in image.Names.GroupBy(n => (n.Registry, n.Repository)))
        {
            var client = clients.Get(repository.Key.Registry);
            var blobs = await PushBlobsAsync(client, repository.Key.Repository, graph.Blobs, image.Blobs, cancellationToken).ConfigureAwait(false);

            foreach (var (descriptor, bytes) in graph.Documents.Take(graph.Documents.Count - 1))
            {
                await client.PushManifestAsync(repository.Key.Repository, descriptor.Digest.ToString(), new RegistryManifest(bytes, descriptor.MediaType, descriptor.Digest), cancellationToken).ConfigureAwait(false);
            }

            var root = new RegistryManifest(graph.RootBytes, graph.Root.MediaType, graph.Root.Digest);
            var tags = repository.Select(n => n.Tag).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var digest = tags.Count == 0
                ? await client.PushManifestAsync(repository.Key.Repository, root.Digest.ToString(), root, cancellationToken).ConfigureAwait(false)
                : await client.PushManifestAsync(repository.Key.Repository, tags, root, cancellationToken).ConfigureAwait(false);
            pushed.AddRange(repository.Select(name => new PushedImage(name, digest, blobs)));
        }

        return new RegistryPushResult(image.Root, pushed);
    }

    private async Task<IReadOnlyList<BlobPushResult>> PushBlobsAsync(
        RegistryClient client, string repository, IReadOnlyList<Descriptor> blobs, IBlobSource source, CancellationToken cancellationToken)
    {
        var results = new BlobPushResult[blobs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, clients.Options.MaxParallelUploads), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, blobs.Count), parallel, async (i, ct) =>
        {
            var blob = blobs[i];
            var origin = source.OriginOf(blob);
            var mountFrom = origin is { } o && string.Equals(o.Registry, client.Registry, StringComparison.Ordinal) ? o.Repository : null;
            var upload = new BlobSource(blob.Digest, blob.Size, async token => await source.OpenAsync(blob, token).ConfigureAwait(false));
            results[i] = await client.PushBlobAsync(repository, upload, mountFrom, progress, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }
}
