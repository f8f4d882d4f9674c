using System.Text.Json.Serialization;

namespace ContainerBuild.Oci;

/// <summary>The config's <c>rootfs</c>: the digests of the uncompressed layers (diff IDs), base first.</summary>
public sealed record RootFileSystem
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    [JsonPropertyName("diff_ids")]
    public required IReadOnlyList<Digest> DiffIds { get; init; }
}
