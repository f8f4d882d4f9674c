using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerBuild.Oci.Json;

namespace ContainerBuild.Oci;

/// <summary>
/// What a registry's manifest endpoint returns: an <see cref="ImageManifest"/> or an <see cref="ImageIndex"/>.
/// The fields both share are here; the JSON property order is fixed by <see cref="JsonPropertyOrderAttribute"/>.
/// </summary>
public abstract record ManifestDocument
{
    [JsonPropertyName("schemaVersion")]
    [JsonPropertyOrder(0)]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonPropertyOrder(1)]
    public MediaType MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonPropertyOrder(2)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    /// <summary>The manifest this one refers to (OCI 1.1 referrers), such as the image a signature signs.</summary>
    [JsonPropertyName("subject")]
    [JsonPropertyOrder(5)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    [JsonPropertyOrder(6)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Fields this model does not know, kept so that a round trip loses nothing (written last).</summary>
    // Settable: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// The canonical JSON: fields in a fixed order (the order of the specs' Go structs), no
    /// indentation, no nulls, no empty optional collections, maps sorted by key, only the escaping
    /// JSON requires. The same document always gives the same bytes, so its digest is stable.
    /// </summary>
    public abstract byte[] ToJsonBytes();

    /// <summary>The descriptor of <see cref="ToJsonBytes"/>: digest, size and this document's media type.</summary>
    public Descriptor ToDescriptor() => Descriptor.ForContent(ToJsonBytes(), MediaType);
}
