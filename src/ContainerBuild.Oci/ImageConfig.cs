using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerBuild.Oci.Json;

namespace ContainerBuild.Oci;

/// <summary>
/// An image config (<c>application/vnd.oci.image.config.v1+json</c>, or Docker's
/// <c>application/vnd.docker.container.image.v1+json</c>, which has the same shape).
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(Rfc3339TimestampConverter))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("author")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OSVersion { get; init; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>How to run a container of the image.</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public required RootFileSystem RootFileSystem { get; init; }

    [JsonPropertyName("history")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEntry>? History { get; init; }

    /// <summary>Fields this model does not know (Docker's <c>container_config</c>, <c>docker_version</c>, ...), kept for round trips.</summary>
    // Settable: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The platform the image is built for.</summary>
    [JsonIgnore]
    public Platform Platform => new() { OS = OS, Architecture = Architecture, Variant = Variant, OSVersion = OSVersion, OSFeatures = OSFeatures };

    /// <summary>Parses and validates a config; see <see cref="ManifestParser.ParseConfig"/>.</summary>
    public static ImageConfig Parse(ReadOnlySpan<byte> json) => ManifestParser.ParseConfig(json);

    /// <summary>The canonical JSON (see <see cref="ManifestDocument.ToJsonBytes"/>).</summary>
    public byte[] ToJsonBytes() => OciJson.Serialize(this);

    /// <summary>The descriptor of <see cref="ToJsonBytes"/> with the OCI config media type.</summary>
    public Descriptor ToDescriptor() => Descriptor.ForContent(ToJsonBytes(), MediaType.OciConfig);
}
