using System.Text.Json;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>Facts of a front end's <c>package.json</c> that decide its build step.</summary>
public static class ContainerizedFrontEnd
{
    /// <summary>Whether the package has a <c>build</c> script (then <c>npm run build</c> runs after <c>npm ci</c>).</summary>
    public static bool HasBuildScript(ContainerizedContext context, string directory)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directory);
        var file = Path.Combine(context.Root, directory, "package.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        return json.RootElement.TryGetProperty("scripts", out var scripts)
            && scripts.ValueKind == JsonValueKind.Object
            && scripts.TryGetProperty("build", out _);
    }
}
