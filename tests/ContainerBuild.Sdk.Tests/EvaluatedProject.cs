using System.Text.Json;

namespace ContainerBuild.Sdk.Tests;

/// <summary>What <c>dotnet msbuild -getProperty/-getItem</c> printed after running a target.</summary>
public sealed class EvaluatedProject(ProcessResult result)
{
    private readonly JsonDocument? json = result.ExitCode == 0 ? JsonDocument.Parse(result.StandardOutput) : null;

    public ProcessResult Result { get; } = result;

    public string Property(string name)
    {
        Assert.True(json is not null, $"msbuild failed:\n{Result.Output}");
        return json.RootElement.GetProperty("Properties").GetProperty(name).GetString() ?? "";
    }

    /// <summary>The items of a type, as identity and metadata.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Items(string name)
    {
        Assert.True(json is not null, $"msbuild failed:\n{Result.Output}");
        return [.. json.RootElement.GetProperty("Items").GetProperty(name).EnumerateArray()
            .Select(item => (IReadOnlyDictionary<string, string>)item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal))];
    }

    public IReadOnlyList<string> Identities(string name) => [.. Items(name).Select(i => i["Identity"])];

    /// <summary>The value metadata of the item <paramref name="identity"/> (labels, environment variables).</summary>
    public string? ValueOf(string itemType, string identity, string metadata = "Value") =>
        Items(itemType).LastOrDefault(i => i["Identity"] == identity) is { } item && item.TryGetValue(metadata, out var value) ? value : null;
}
