using System.Text.Json;
using ContainerBuild.Engine.Local;
using ContainerBuild.Graph;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// <c>local://NAME</c>: the build's directory of that name, as its patterns select it. The key holds the directory and
/// the checksum of what it selects (never mtimes), so an unchanged or touched tree is a hit; consumers key their own
/// selections by content, so a tree cloned elsewhere still hits downstream.
/// </summary>
internal sealed class LocalSourceOperation(Op op, EngineContext engine) : IOperation
{
    private const string Scheme = "local://";

    public async Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken)
    {
        var result = Describe();
        var checksumOptions = new ChecksumOptions
        {
            IncludePatterns = [.. result.Options.IncludePatterns, .. FollowPaths.ToIncludePatterns(result.Path, result.Options.FollowPaths)],
            ExcludePatterns = result.Options.ExcludePatterns,
        };
        var content = await engine.Checksums.ChecksumAsync(result.Path, "", checksumOptions, cancellationToken).ConfigureAwait(false);
        return new CacheMap(OpKeys.Of(OpKeys.LocalSource, result.Id, content.ToString())) { RecordType = CacheRecordTypes.SourceLocal };
    }

    public Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IResult>>([Describe()]);

    private LocalDirResult Describe()
    {
        var name = op.Source.Identifier[Scheme.Length..];
        if (!engine.LocalDirs.TryGetValue(name, out var path))
        {
            throw new LocalDirNotFoundException(name, engine.LocalDirs.Keys);
        }

        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"The local directory '{name}' is '{path}', which does not exist.");
        }

        return new LocalDirResult(name, path, new LocalWalkOptions
        {
            IncludePatterns = Patterns(LlbAttrs.LocalIncludePatterns),
            ExcludePatterns = Patterns(LlbAttrs.LocalExcludePatterns),
            FollowPaths = Patterns(LlbAttrs.LocalFollowPaths),
        });
    }

    // BuildKit's local attrs hold JSON arrays of strings.
    private string[] Patterns(string key)
    {
        var value = op.Source.Attrs.LastOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(value, LocalAttrJson.Default.StringArray) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDefinitionException($"The local source '{op.Source.Identifier}' has an attribute {key} that is not a JSON array of strings: {e.Message}", e);
        }
    }

    public static bool Handles(string identifier) => identifier.StartsWith(Scheme, StringComparison.Ordinal);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class LocalAttrJson : System.Text.Json.Serialization.JsonSerializerContext;
