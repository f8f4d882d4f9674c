using ContainerBuild.Layers;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// The root filesystem a container sees: layers applied in order as an extractor applies them. A whiteout deletes a
/// path and everything under it; an opaque folder hides what lower layers put in it; an entry replaces what was at its
/// path (a file over a folder removes the folder's tree) and a folder entry sets the folder's metadata; a hard link
/// becomes a copy of its target's node.
/// </summary>
public sealed class FlattenedFileSystem
{
    private readonly SortedDictionary<string, FileNode> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> origins = new(StringComparer.Ordinal);
    private int layers;

    public IReadOnlyDictionary<string, FileNode> Nodes => nodes;

    /// <summary>The index of the layer that last wrote each path, to say which step made a difference.</summary>
    public IReadOnlyDictionary<string, int> Origins => origins;

    public void Apply(LayerChanges layer)
    {
        var index = layers++;
        foreach (var folder in layer.OpaqueDirectories)
        {
            RemoveTree(folder, keepRoot: true);
        }

        foreach (var path in layer.Whiteouts)
        {
            RemoveTree(path, keepRoot: false);
        }

        foreach (var entry in layer.Entries)
        {
            var node = entry;
            if (entry.Type == LayerEntryType.HardLink)
            {
                node = nodes.TryGetValue(entry.LinkTarget!, out var target)
                    ? target with { Path = entry.Path }
                    : throw new InvalidDataException($"{entry.Path}: hard link to {entry.LinkTarget}, which no layer holds");
            }

            if (nodes.TryGetValue(node.Path, out var existing) && (existing.Type == LayerEntryType.Directory) != (node.Type == LayerEntryType.Directory))
            {
                RemoveTree(node.Path, keepRoot: false);
            }

            nodes[node.Path] = node;
            origins[node.Path] = index;
        }
    }

    private void RemoveTree(string path, bool keepRoot)
    {
        var prefix = path.Length == 0 ? "" : path + "/";
        var doomed = nodes.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length).ToList();
        if (!keepRoot)
        {
            doomed.Add(path);
        }

        foreach (var key in doomed)
        {
            nodes.Remove(key);
            origins.Remove(key);
        }
    }
}
