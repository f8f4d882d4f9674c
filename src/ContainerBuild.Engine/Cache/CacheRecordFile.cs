using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Cache;

/// <summary>A cache record as its JSON file holds it; the file's mtime is its last use.</summary>
internal sealed record CacheRecordFile
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required Digest Key { get; init; }

    public required Digest ResultKey { get; init; }

    public required IReadOnlyList<CachedResultFile> Results { get; init; }

    public string Description { get; init; } = "";

    public string Type { get; init; } = CacheRecordTypes.Regular;

    public DateTimeOffset Created { get; init; }

    public long Size { get; init; }

    public static CacheRecordFile From(CacheRecord record) => new()
    {
        Key = record.Key,
        ResultKey = record.ResultKey,
        Results = [.. record.Results.Select(r => new CachedResultFile(r.Id, r.Size, r.Blobs))],
        Description = record.Description,
        Type = record.RecordType,
        Created = record.Created,
        Size = record.Size,
    };

    public CacheRecord ToRecord(DateTimeOffset lastUsed) => new()
    {
        Key = Key,
        ResultKey = ResultKey,
        Results = [.. Results.Select(r => new CachedResult(r.Id, r.Size, r.Blobs ?? []))],
        Description = Description,
        RecordType = Type,
        Created = Created,
        LastUsed = lastUsed,
    };

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, CacheRecordFileJson.Default.CacheRecordFile);

    /// <summary>The record, or null when the bytes are not a record of this version.</summary>
    public static CacheRecordFile? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var file = JsonSerializer.Deserialize(json, CacheRecordFileJson.Default.CacheRecordFile);
            return file is { Version: CurrentVersion, Results: not null } && !file.Key.IsEmpty && !file.ResultKey.IsEmpty ? file : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record CachedResultFile(string Id, long Size, IReadOnlyList<Descriptor>? Blobs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CacheRecordFile))]
internal sealed partial class CacheRecordFileJson : JsonSerializerContext;
