namespace ContainerBuild.DotNet;

/// <summary>Puts a published file into its .NET-aware layer from its relative path and its publish item's metadata.</summary>
public static class DotNetLayerClassifier
{
    /// <param name="relativePath">The item's <c>RelativePath</c> (forward or back slashes).</param>
    /// <param name="metadata">The <c>ResolvedFileToPublish</c> item's metadata (<c>NuGetPackageId</c>, <c>ReferenceSourceTarget</c>, <c>AssetType</c>, ...).</param>
    public static DotNetLayerKind Classify(string relativePath, IReadOnlyDictionary<string, string> metadata) =>
        throw new NotImplementedException("Being written (issue 6).");
}
