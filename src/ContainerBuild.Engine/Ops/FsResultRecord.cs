using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Ops;

/// <summary>What an <see cref="FsResult"/> is, as a blob: its layers by reference and the base image's documents. No times, so equal results have one id.</summary>
internal sealed record FsResultRecord(IReadOnlyList<FsLayerRecord> Layers, FsBaseImageRecord? BaseImage)
{
    public static readonly MediaType MediaType = new("application/vnd.containerbuild.fs-result.v1+json");

    public static FsResultRecord From(FsResult result) => new(
        [.. result.Layers.Select(FsLayerRecord.From)],
        result.BaseImage is { } image ? FsBaseImageRecord.From(image) : null);

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, FsResultRecordJson.Default.FsResultRecord);

    /// <exception cref="JsonException">The bytes are not a record.</exception>
    public static FsResultRecord Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, FsResultRecordJson.Default.FsResultRecord) ?? throw new JsonException("The result record is null.");
}

internal sealed record FsLayerRecord(string MediaType, string Digest, long Size, string DiffId, string? Registry, string? Repository)
{
    public static FsLayerRecord From(LayerRef layer) => new(
        layer.MediaType.Value, layer.Digest.ToString(), layer.Blob.Size, layer.DiffId.ToString(), layer.Origin?.Registry, layer.Origin?.Repository);

    public LayerRef ToLayerRef() => new(
        new Descriptor { MediaType = new MediaType(MediaType), Digest = Oci.Digest.Parse(Digest), Size = Size },
        Oci.Digest.Parse(DiffId),
        Registry is not null && Repository is not null ? new RepositoryAddress(Registry, Repository) : null);
}

internal sealed record FsDescriptorRecord(string MediaType, string Digest, long Size)
{
    public static FsDescriptorRecord From(Descriptor descriptor) => new(descriptor.MediaType.Value, descriptor.Digest.ToString(), descriptor.Size);

    public Descriptor ToDescriptor() => new() { MediaType = new MediaType(MediaType), Digest = Oci.Digest.Parse(Digest), Size = Size };
}

/// <summary>The base image: its reference and documents, and how many of the chain's layers are its own.</summary>
internal sealed record FsBaseImageRecord(string Reference, FsDescriptorRecord Root, FsDescriptorRecord Manifest, FsDescriptorRecord Config, string Platform, int LayerCount)
{
    public static FsBaseImageRecord From(ImageSourceResult image) => new(
        image.Reference.ToString(),
        FsDescriptorRecord.From(image.Root),
        FsDescriptorRecord.From(image.Manifest),
        FsDescriptorRecord.From(image.ConfigDescriptor),
        image.Platform.ToString(),
        image.Layers.Count);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FsResultRecord))]
internal sealed partial class FsResultRecordJson : JsonSerializerContext;
