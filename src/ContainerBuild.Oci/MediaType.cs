using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.Oci;

/// <summary>A media type of the OCI image spec or Docker's image manifest v2 schema 2.</summary>
[JsonConverter(typeof(MediaTypeJsonConverter))]
public readonly record struct MediaType(string Value)
{
    public static readonly MediaType OciManifest = new("application/vnd.oci.image.manifest.v1+json");
    public static readonly MediaType OciIndex = new("application/vnd.oci.image.index.v1+json");
    public static readonly MediaType OciConfig = new("application/vnd.oci.image.config.v1+json");
    public static readonly MediaType OciLayer = new("application/vnd.oci.image.layer.v1.tar");
    public static readonly MediaType OciLayerGzip = new("application/vnd.oci.image.layer.v1.tar+gzip");
    public static readonly MediaType OciLayerZstd = new("application/vnd.oci.image.layer.v1.tar+zstd");
    public static readonly MediaType OciLayerNondistributableGzip = new("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");
    public static readonly MediaType OciEmpty = new("application/vnd.oci.empty.v1+json");

    public static readonly MediaType DockerManifest = new("application/vnd.docker.distribution.manifest.v2+json");
    public static readonly MediaType DockerManifestList = new("application/vnd.docker.distribution.manifest.list.v2+json");
    public static readonly MediaType DockerConfig = new("application/vnd.docker.container.image.v1+json");
    public static readonly MediaType DockerLayerGzip = new("application/vnd.docker.image.rootfs.diff.tar.gzip");
    public static readonly MediaType DockerForeignLayerGzip = new("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    /// <summary>An image manifest (OCI or Docker), as opposed to an index or a blob.</summary>
    public bool IsManifest => this == OciManifest || this == DockerManifest;

    /// <summary>An index or manifest list: a list of manifests, usually one per platform.</summary>
    public bool IsIndex => this == OciIndex || this == DockerManifestList;

    /// <summary>A filesystem layer, of any compression.</summary>
    public bool IsLayer => Value is not null && (Value.StartsWith("application/vnd.oci.image.layer.", StringComparison.Ordinal)
        || Value.StartsWith("application/vnd.docker.image.rootfs.", StringComparison.Ordinal));

    /// <summary>The compression a layer media type names.</summary>
    public LayerCompression LayerCompression => Value switch
    {
        _ when !IsLayer => LayerCompression.None,
        _ when Value.EndsWith("+zstd", StringComparison.Ordinal) => LayerCompression.Zstd,
        _ when Value.EndsWith("gzip", StringComparison.Ordinal) => LayerCompression.Gzip,
        _ => LayerCompression.None,
    };

    /// <summary>The layer media type for a compression, in OCI or Docker flavour (Docker has no zstd or uncompressed type).</summary>
    public static MediaType ForLayer(LayerCompression compression, bool oci) => (compression, oci) switch
    {
        (LayerCompression.Gzip, true) => OciLayerGzip,
        (LayerCompression.Zstd, _) => OciLayerZstd,
        (LayerCompression.None, _) => OciLayer,
        (LayerCompression.Gzip, false) => DockerLayerGzip,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown layer compression."),
    };

    public override string ToString() => Value ?? "";
}

/// <summary>How a layer blob is compressed.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>Reads and writes a media type as its JSON string.</summary>
public sealed class MediaTypeJsonConverter : JsonConverter<MediaType>
{
    public override MediaType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new MediaType(reader.GetString()!)
            : throw new JsonException("A media type must be a JSON string.");

    public override void Write(Utf8JsonWriter writer, MediaType value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
