using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// The documents of an image read from its root: every index and manifest with its exact bytes,
/// children before the indexes that list them, and the blobs (configs and layers) they need.
/// </summary>
public sealed class ImageGraph
{
    private const int MaxDepth = 4;

    private ImageGraph(Descriptor root, IReadOnlyList<(Descriptor Descriptor, byte[] Bytes)> documents, IReadOnlyList<LoadedManifest> manifests)
    {
        Root = root;
        Documents = documents;
        Manifests = manifests;
        Blobs = [.. manifests
            .SelectMany(m => m.Manifest.Layers.Prepend(m.Manifest.Config))
            .DistinctBy(d => d.Digest)];
    }

    public Descriptor Root { get; }

    /// <summary>The root's bytes.</summary>
    public byte[] RootBytes => Documents[^1].Bytes;

    /// <summary>Whether the root is an index (or Docker manifest list).</summary>
    public bool IsIndex => Root.MediaType.IsIndex;

    /// <summary>Every index and manifest, each once, children first and the root last.</summary>
    public IReadOnlyList<(Descriptor Descriptor, byte[] Bytes)> Documents { get; }

    /// <summary>The image manifests, in index order (one for a single-manifest root).</summary>
    public IReadOnlyList<LoadedManifest> Manifests { get; }

    /// <summary>The configs and layers of all manifests, each once.</summary>
    public IReadOnlyList<Descriptor> Blobs { get; }

    /// <summary>Reads the root and, for an index, the manifests it lists (nested indexes are followed).</summary>
    /// <exception cref="InvalidManifestException">A document is not a valid manifest or index.</exception>
    public static async Task<ImageGraph> LoadAsync(Descriptor root, IBlobSource blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blobs);
        if (!root.MediaType.IsManifest && !root.MediaType.IsIndex)
        {
            throw new ExportException($"The image root {root.Digest} is a '{root.MediaType}', not an image manifest or index.");
        }

        var documents = new List<(Descriptor, byte[])>();
        var manifests = new List<LoadedManifest>();
        var seen = new HashSet<Digest>();
        await VisitAsync(root, 0).ConfigureAwait(false);
        return new ImageGraph(root, documents, manifests);

        async Task VisitAsync(Descriptor descriptor, int depth)
        {
            if (!seen.Add(descriptor.Digest))
            {
                return;
            }

            var bytes = await blobs.ReadAllBytesAsync(descriptor, cancellationToken).ConfigureAwait(false);
            if (descriptor.MediaType.IsIndex)
            {
                if (depth >= MaxDepth)
                {
                    throw new ExportException($"The index {descriptor.Digest} nests indexes more than {MaxDepth} deep.");
                }

                var index = ImageIndex.Parse(bytes, descriptor.MediaType.Value);
                foreach (var child in index.Manifests.Where(c => c.MediaType.IsManifest || c.MediaType.IsIndex))
                {
                    await VisitAsync(child, depth + 1).ConfigureAwait(false);
                }
            }
            else
            {
                manifests.Add(new LoadedManifest(descriptor, bytes, ImageManifest.Parse(bytes, descriptor.MediaType.Value)));
            }

            documents.Add((descriptor, bytes));
        }
    }

    /// <summary>
    /// The manifest for <paramref name="platform"/>: the root itself when it is a single manifest
    /// (whatever its platform), else the index entry that suits the platform best.
    /// </summary>
    /// <exception cref="PlatformNotFoundException">The index has no manifest for the platform.</exception>
    public LoadedManifest SelectManifest(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (!IsIndex)
        {
            return Manifests[0];
        }

        var index = ImageIndex.Parse(RootBytes, Root.MediaType.Value) with { Manifests = [.. Manifests.Select(m => m.Descriptor)] };
        var chosen = index.FindManifest(platform);
        return chosen is null
            ? throw new PlatformNotFoundException(Root.Digest, platform, [.. index.Platforms])
            : Manifests.First(m => m.Descriptor.Digest == chosen.Digest);
    }
}
