using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>The pieces of an OCI image layout: the <c>oci-layout</c> marker, <c>index.json</c> and blob paths.</summary>
public static class OciLayout
{
    /// <summary>The annotation that names an image in a layout (what <c>oci:DIR:NAME</c> looks up).</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>containerd's annotation with the full image name.</summary>
    public const string ContainerdImageNameAnnotation = "io.containerd.image.name";

    public static ReadOnlyMemory<byte> LayoutMarker { get; } = Encoding.ASCII.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}");

    /// <summary><c>blobs/sha256/&lt;hex&gt;</c>.</summary>
    public static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>
    /// The index.json entries for a root: one per name, annotated with the name's tag as the ref name
    /// (and the full name for containerd); one unannotated entry when there are no names.
    /// </summary>
    public static IReadOnlyList<Descriptor> EntriesFor(Descriptor root, IReadOnlyList<ImageReference> names)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(names);
        var bare = root with { Annotations = null, Data = null };
        if (names.Count == 0)
        {
            return [bare];
        }

        return [.. names.Select(name => bare with
        {
            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [RefNameAnnotation] = RefName(name),
                [ContainerdImageNameAnnotation] = name.WithDefaultTag().ToString(),
            },
        })];
    }

    /// <summary>The ref name a reference gets in a layout: its tag (<c>latest</c> when it has neither tag nor digest), or its digest.</summary>
    public static string RefName(ImageReference name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Tag ?? name.Digest?.ToString() ?? ImageReference.DefaultTag;
    }

    /// <summary>An index.json holding <paramref name="entries"/>.</summary>
    public static byte[] IndexJson(IReadOnlyList<Descriptor> entries) =>
        new ImageIndex { MediaType = MediaType.OciIndex, Manifests = entries }.ToJsonBytes();

    /// <summary>Every blob of the image: its documents, configs and layers, each once, in digest order.</summary>
    public static IReadOnlyList<Descriptor> AllBlobs(ImageGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return [.. graph.Documents.Select(d => d.Descriptor).Concat(graph.Blobs)
            .DistinctBy(d => d.Digest)
            .OrderBy(d => d.Digest)];
    }
}
