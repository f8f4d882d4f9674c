using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild;

/// <summary>What <see cref="ImageTools.InspectAsync"/> found: the resolved root, its exact bytes, and each image manifest with its config.</summary>
public sealed record InspectResult(ImageReference Reference, Descriptor Descriptor, RegistryManifest Raw, ImageIndex? Index, IReadOnlyList<InspectedManifest> Manifests)
{
    public bool IsIndex => Index is not null;
}

/// <summary>One image manifest: its descriptor (with the index's platform), the manifest and its config as read (null and empty when not read, or not an image config).</summary>
public sealed record InspectedManifest(Descriptor Descriptor, ImageManifest? Manifest, ReadOnlyMemory<byte> ManifestBytes, ImageConfig? Config, ReadOnlyMemory<byte> ConfigBytes)
{
    /// <summary>The platform: the index's for it, else the config's.</summary>
    public Platform? Platform => Descriptor.Platform ?? Config?.Platform;
}

/// <summary>How much <see cref="ImageTools.InspectAsync"/> reads beyond the root.</summary>
public sealed record InspectOptions
{
    /// <summary>Read each manifest of an index (default true).</summary>
    public bool IncludeManifests { get; init; } = true;

    /// <summary>Read each manifest's image config (default true; implies the manifests).</summary>
    public bool IncludeConfigs { get; init; } = true;
}
