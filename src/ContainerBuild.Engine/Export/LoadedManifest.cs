using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>One image manifest of an export, with its exact bytes and, once read, its platform.</summary>
public sealed record LoadedManifest(Descriptor Descriptor, byte[] Bytes, ImageManifest Manifest)
{
    /// <summary>The platform the index names for it, or null (a single manifest, or an index entry without one).</summary>
    public Platform? Platform => Descriptor.Platform;
}
