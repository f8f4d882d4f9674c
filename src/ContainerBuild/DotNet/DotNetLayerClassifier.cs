namespace ContainerBuild.DotNet;

/// <summary>
/// Puts a published file into its .NET-aware layer (DESIGN decision 7) from its relative path and its publish item's
/// metadata, as <c>dotnet publish</c> (.NET SDK 10) sets it: runtime pack assets of a self-contained app, NuGet package
/// assets, static web assets, project-reference outputs, and the app's own files.
/// </summary>
public static class DotNetLayerClassifier
{
    // Runtime packs a self-contained publish copies from (Microsoft.NETCore.App.Runtime.linux-x64, ...Runtime.Mono.<rid>).
    private static readonly string[] RuntimePackPrefixes =
    [
        "Microsoft.NETCore.App.Runtime.",
        "Microsoft.AspNetCore.App.Runtime.",
        "Microsoft.WindowsDesktop.App.Runtime.",
    ];

    /// <param name="relativePath">Where the file goes under the working directory: the item's <c>RelativePath</c> (or, for a static web asset, its <c>TargetPath</c>), forward or back slashes.</param>
    /// <param name="metadata">The item's metadata (<c>NuGetPackageId</c>, <c>ReferenceSourceTarget</c>, <c>MSBuildSourceProjectFile</c>, <c>SourceType</c>, <c>AssetKind</c>, ...); names are matched ignoring case, as MSBuild does.</param>
    public static DotNetLayerKind Classify(string relativePath, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentNullException.ThrowIfNull(metadata);
        var path = relativePath.Replace('\\', '/').TrimStart('/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        var packageId = Get(metadata, "NuGetPackageId");
        if (IsTrue(Get(metadata, "RuntimePackAsset"))
            || (packageId is not null && RuntimePackPrefixes.Any(p => packageId.StartsWith(p, StringComparison.OrdinalIgnoreCase))))
        {
            return DotNetLayerKind.Runtime;
        }

        if (packageId is not null)
        {
            return DotNetLayerKind.Packages;
        }

        if (Get(metadata, "SourceType") is not null
            || Get(metadata, "AssetKind") is not null
            || path.StartsWith("wwwroot/", StringComparison.OrdinalIgnoreCase)
            || IsStaticWebAssetsManifest(path))
        {
            return DotNetLayerKind.StaticWebAssets;
        }

        if (string.Equals(Get(metadata, "ReferenceSourceTarget"), "ProjectReference", StringComparison.OrdinalIgnoreCase)
            || Get(metadata, "MSBuildSourceProjectFile") is not null)
        {
            return DotNetLayerKind.ProjectReferences;
        }

        return DotNetLayerKind.App;
    }

    // <app>.staticwebassets.endpoints.json and <app>.staticwebassets.runtime.json, at the root of the publish output.
    private static bool IsStaticWebAssetsManifest(string path) =>
        !path.Contains('/', StringComparison.Ordinal)
        && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        && path.Contains(".staticwebassets.", StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The metadata value, or null when absent or blank (MSBuild reads an unset metadatum as empty).</summary>
    private static string? Get(IReadOnlyDictionary<string, string> metadata, string name)
    {
        if (!metadata.TryGetValue(name, out var value))
        {
            value = metadata.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
