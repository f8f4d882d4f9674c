using System.Text.Json.Serialization;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>What a reference resolved to for one platform, and when: the root the registry named and the manifest chosen from it.</summary>
internal sealed record ResolveRecord(
    string Reference,
    string Platform,
    string RootMediaType,
    string RootDigest,
    long RootSize,
    string ManifestMediaType,
    string ManifestDigest,
    long ManifestSize,
    DateTimeOffset ResolvedAt)
{
    public static ResolveRecord Create(ImageReference reference, string platform, Descriptor root, Descriptor manifest, DateTimeOffset resolvedAt) => new(
        reference.ToString(),
        platform,
        root.MediaType.Value,
        root.Digest.ToString(),
        root.Size,
        manifest.MediaType.Value,
        manifest.Digest.ToString(),
        manifest.Size,
        resolvedAt);

    /// <summary>The root and manifest descriptors, or null when a field does not parse (a record from elsewhere).</summary>
    public (Descriptor Root, Descriptor Manifest)? Descriptors()
    {
        if (!Digest.TryParse(RootDigest, out var root) || !Digest.TryParse(ManifestDigest, out var manifest)
            || string.IsNullOrEmpty(RootMediaType) || string.IsNullOrEmpty(ManifestMediaType) || RootSize <= 0 || ManifestSize <= 0)
        {
            return null;
        }

        return (
            new Descriptor { MediaType = new MediaType(RootMediaType), Digest = root, Size = RootSize },
            new Descriptor { MediaType = new MediaType(ManifestMediaType), Digest = manifest, Size = ManifestSize });
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ResolveRecord))]
internal sealed partial class ResolveRecordJson : JsonSerializerContext;
