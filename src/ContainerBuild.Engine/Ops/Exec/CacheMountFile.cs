using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>What du says about a cache mount: <c>mounts/&lt;hex&gt;.json</c> beside its directory; the file's mtime is its last use.</summary>
internal sealed record CacheMountFile
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string Id { get; init; }

    public required string Target { get; init; }

    public DateTimeOffset Created { get; init; }

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, CacheMountFileJson.Default.CacheMountFile);

    /// <summary>The metadata, or null when the bytes are not metadata of this version.</summary>
    public static CacheMountFile? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var file = JsonSerializer.Deserialize(json, CacheMountFileJson.Default.CacheMountFile);
            return file is { Version: CurrentVersion, Id: not null, Target: not null } ? file : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CacheMountFile))]
internal sealed partial class CacheMountFileJson : JsonSerializerContext;
