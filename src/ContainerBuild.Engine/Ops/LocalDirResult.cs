using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ContainerBuild.Engine.Local;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// The result of a <c>local://NAME</c> source: a host directory and the patterns that select what of it the build sees.
/// Nothing is copied: consumers read the directory and checksum what they select (<see cref="ContentChecksummer"/>).
/// </summary>
public sealed class LocalDirResult : IResult
{
    public LocalDirResult(string name, string path, LocalWalkOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        Path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        Options = options;
    }

    /// <summary>The name the Definition gives the directory (<c>context</c>, <c>dockerfile</c>...).</summary>
    public string Name { get; }

    /// <summary>The host directory, absolute.</summary>
    public string Path { get; }

    /// <summary><c>local.includepattern</c>, <c>local.excludepatterns</c> and <c>local.followpaths</c>.</summary>
    public LocalWalkOptions Options { get; }

    /// <summary><c>local:</c> + the record of the directory and its patterns (<see cref="FsResultStore"/> reloads it).</summary>
    public string Id => FsResultStore.LocalIdPrefix + Encoding.UTF8.GetString(
        JsonSerializer.SerializeToUtf8Bytes(new LocalDirRecord(Name, Path, Options.IncludePatterns, Options.ExcludePatterns, Options.FollowPaths), LocalDirRecordJson.Default.LocalDirRecord));

    /// <summary>The directory belongs to the host: it takes no room in the store.</summary>
    public long Size => 0;

    public IReadOnlyList<Descriptor> Blobs => [];

    internal static LocalDirResult? TryParseId(string id)
    {
        try
        {
            var record = JsonSerializer.Deserialize(id.AsSpan(FsResultStore.LocalIdPrefix.Length), LocalDirRecordJson.Default.LocalDirRecord);
            return record is null || string.IsNullOrEmpty(record.Name) || string.IsNullOrEmpty(record.Path)
                ? null
                : new LocalDirResult(record.Name, record.Path, new LocalWalkOptions
                {
                    IncludePatterns = record.Include ?? [],
                    ExcludePatterns = record.Exclude ?? [],
                    FollowPaths = record.FollowPaths ?? [],
                });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => $"local://{Name} ({Path})";
}

internal sealed record LocalDirRecord(string Name, string Path, IReadOnlyList<string>? Include, IReadOnlyList<string>? Exclude, IReadOnlyList<string>? FollowPaths);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LocalDirRecord))]
internal sealed partial class LocalDirRecordJson : JsonSerializerContext;
