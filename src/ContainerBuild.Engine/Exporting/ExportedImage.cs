using ContainerBuild.Engine.Export;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>One platform's manifest of an exported image.</summary>
public sealed record ExportedManifest(Platform Platform, Descriptor Manifest, Descriptor Config, IReadOnlyList<Descriptor> Layers);

/// <summary>
/// An image made in the store: its root (a manifest, or an index for several platforms), each platform's manifest,
/// and where its blobs are read (the store, else the base layers' registries).
/// </summary>
public sealed record ExportedImage(Descriptor Root, IReadOnlyList<ExportedManifest> Manifests, IBlobSource Blobs)
{
    /// <summary>The image for the exporters of the image core, going out under <paramref name="names"/>.</summary>
    public ImageToExport ToExport(IReadOnlyList<ImageReference> names) => new(Root, Blobs, names);
}
