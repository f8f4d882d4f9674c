using System.Text.Json.Serialization;
using ContainerBuild.Oci.Json;

namespace ContainerBuild.Oci;

/// <summary>An image index (OCI) or manifest list (Docker): manifests, usually one per platform.</summary>
public sealed record ImageIndex : ManifestDocument
{
    /// <summary>An OCI index unless <see cref="ManifestDocument.MediaType"/> says otherwise.</summary>
    public ImageIndex() => MediaType = MediaType.OciIndex;

    [JsonPropertyName("manifests")]
    [JsonPropertyOrder(3)]
    public required IReadOnlyList<Descriptor> Manifests { get; init; }

    /// <summary>The platforms the index offers, in its order.</summary>
    [JsonIgnore]
    public IEnumerable<Platform> Platforms => Manifests.Where(m => m.Platform is not null).Select(m => m.Platform!);

    /// <summary>
    /// The manifest that suits <paramref name="platform"/> best, or null when none does: the same
    /// os/arch/variant first, then a matching variant (arm64 and arm64/v8 are one), then for arm an
    /// older variant the CPU also runs (v7 runs v6, then v5). Among equals, the first listed wins.
    /// </summary>
    public Descriptor? FindManifest(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        Descriptor? best = null;
        var bestScore = 0;
        foreach (var manifest in Manifests)
        {
            if (manifest.Platform is null || !manifest.MediaType.IsManifest && !manifest.MediaType.IsIndex)
            {
                continue;
            }

            var score = platform.CompatibilityScore(manifest.Platform);
            if (score > bestScore)
            {
                (best, bestScore) = (manifest, score);
            }
        }

        return best;
    }

    /// <summary>Parses and validates an index; see <see cref="ManifestParser.ParseIndex"/>.</summary>
    public static ImageIndex Parse(ReadOnlySpan<byte> json, string? contentType = null) => ManifestParser.ParseIndex(json, contentType);

    public override byte[] ToJsonBytes() => OciJson.Serialize(this);
}
