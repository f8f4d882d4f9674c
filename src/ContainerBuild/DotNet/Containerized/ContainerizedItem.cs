using System.Text.Json;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>One evaluated MSBuild item, as <c>dotnet msbuild -getItem</c> prints it: its identity and its metadata.</summary>
public sealed record ContainerizedItem(string Identity, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The metadata's value, or empty.</summary>
    public string Get(string name) => Metadata.TryGetValue(name, out var value) ? value : "";

    public static ContainerizedItem FromJson(JsonElement item)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in item.EnumerateObject())
        {
            metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.ToString();
        }

        return new ContainerizedItem(metadata.GetValueOrDefault("Identity") ?? "", metadata);
    }
}
