using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerBuild.Oci.Json;

namespace ContainerBuild.Oci;

/// <summary>A content descriptor: what a blob is, its digest and size, and optional annotations and platform.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public required MediaType MediaType { get; init; }

    [JsonPropertyName("digest")]
    public required Digest Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("urls")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The content itself, embedded (base64 in JSON); it must hash to <see cref="Digest"/>.</summary>
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public byte[]? Data { get; init; }

    [JsonPropertyName("platform")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Platform? Platform { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    /// <summary>Fields this model does not know, kept so that a round trip loses nothing.</summary>
    // Settable: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The descriptor of <paramref name="content"/>: its sha256 digest, its length and the given media type.</summary>
    public static Descriptor ForContent(ReadOnlySpan<byte> content, MediaType mediaType) => new()
    {
        MediaType = mediaType,
        Digest = Digest.Compute(content),
        Size = content.Length,
    };

    /// <summary>The canonical JSON of this descriptor (see <see cref="ImageManifest.ToJsonBytes"/>).</summary>
    public byte[] ToJsonBytes() => OciJson.Serialize(this);

    // Lists and maps compare by content, so two descriptors of the same blob are equal however they were built.
    public bool Equals(Descriptor? other) =>
        other is not null
        && MediaType == other.MediaType
        && Digest == other.Digest
        && Size == other.Size
        && string.Equals(ArtifactType, other.ArtifactType, StringComparison.Ordinal)
        && Equal(Urls, other.Urls)
        && Equal(Annotations, other.Annotations)
        && Equal(Data, other.Data)
        && Equals(Platform, other.Platform);

    public override int GetHashCode() => HashCode.Combine(MediaType, Digest, Size);

    internal static bool Equal<T>(IReadOnlyList<T>? left, IReadOnlyList<T>? right) =>
        (left?.Count ?? 0) == (right?.Count ?? 0) && (left is null || right is null || left.SequenceEqual(right));

    internal static bool Equal(IReadOnlyDictionary<string, string>? left, IReadOnlyDictionary<string, string>? right) =>
        (left?.Count ?? 0) == (right?.Count ?? 0)
        && (left is null || right is null || left.All(pair => right.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal)));
}
