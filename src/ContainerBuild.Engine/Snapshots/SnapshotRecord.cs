using System.Text.Json.Serialization;

namespace ContainerBuild.Engine.Snapshots;

/// <summary>
/// What the store knows of a snapshot beside its files (<c>snapshot.json</c> next to <c>rootfs/</c> or <c>diff/</c>);
/// the file's mtime is the snapshot's last use.
/// </summary>
internal sealed record SnapshotRecord(
    string Kind,
    string Id,
    string? CopiedFrom,
    IReadOnlyList<string> DiffIds,
    long Size,
    long Files,
    DateTimeOffset Created,
    string Method);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SnapshotRecord))]
internal sealed partial class SnapshotRecordJson : JsonSerializerContext;
