using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// An image to export: its root (a manifest, or an index of per-platform manifests), where its blobs
/// are read from, and the names it goes out under (tags for a push, ref names in a layout, RepoTags
/// in a docker archive).
/// </summary>
public sealed record ImageToExport(Descriptor Root, IBlobSource Blobs, IReadOnlyList<ImageReference> Names)
{
    public ImageToExport(Descriptor root, IBlobSource blobs)
        : this(root, blobs, [])
    {
    }
}
