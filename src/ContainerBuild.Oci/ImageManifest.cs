using System.Text.Json.Serialization;
using ContainerBuild.Oci.Json;

namespace ContainerBuild.Oci;

/// <summary>An image manifest: OCI (<c>application/vnd.oci.image.manifest.v1+json</c>) or Docker v2 schema 2.</summary>
public sealed record ImageManifest : ManifestDocument
{
    /// <summary>An OCI image manifest unless <see cref="ManifestDocument.MediaType"/> says otherwise.</summary>
    public ImageManifest() => MediaType = MediaType.OciManifest;

    /// <summary>The image config (or, for an artifact, its config blob).</summary>
    [JsonPropertyName("config")]
    [JsonPropertyOrder(3)]
    public required Descriptor Config { get; init; }

    /// <summary>The layers, base first.</summary>
    [JsonPropertyName("layers")]
    [JsonPropertyOrder(4)]
    public required IReadOnlyList<Descriptor> Layers { get; init; }

    /// <summary>Parses and validates a manifest; see <see cref="ManifestParser.ParseManifest"/>.</summary>
    public static ImageManifest Parse(ReadOnlySpan<byte> json, string? contentType = null) => ManifestParser.ParseManifest(json, contentType);

    public override byte[] ToJsonBytes() => OciJson.Serialize(this);
}
