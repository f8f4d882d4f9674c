using System.Collections;
using ContainerBuild.DotNet;
using Microsoft.Build.Framework;

namespace ContainerBuild.Tasks.Publishing;

/// <summary>
/// Publish items (<c>ResolvedFileToPublish</c>, gathered per runtime identifier by the targets) turned into the
/// request's files: where each is on disk, where it goes under the working directory, and its .NET-aware layer.
/// </summary>
public static class PublishFileMapper
{
    /// <summary>The metadata the targets add to each gathered item; the rest is the publish item's own.</summary>
    public const string RuntimeIdentifierMetadata = "ContainerRuntimeIdentifier";

    public static DotNetPublishFile ToPublishFile(ITaskItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var relativePath = item.GetMetadata("RelativePath").Replace('\\', '/').TrimStart('/');
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in item.CloneCustomMetadata())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                metadata[key] = value;
            }
        }

        return new DotNetPublishFile(item.ItemSpec, relativePath, DotNetLayerClassifier.Classify(relativePath, metadata));
    }

    /// <summary>The files in the order the layers stack (what changes least first), each layer's files by path.</summary>
    public static IReadOnlyList<DotNetPublishFile> InLayerOrder(IEnumerable<DotNetPublishFile> files) =>
        [.. files
            .GroupBy(f => f.RelativePath, StringComparer.Ordinal).Select(g => g.Last())
            .OrderBy(f => f.Layer).ThenBy(f => f.RelativePath, StringComparer.Ordinal)];
}
