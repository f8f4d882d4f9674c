using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>The paths one layer holds (from its tar headers), and what it deletes from the layers below.</summary>
internal sealed partial class LayerIndex : ILayerListing
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueName = ".wh..wh..opq";

    private readonly Dictionary<string, FsEntry> entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> whiteouts = new(StringComparer.Ordinal);
    private readonly HashSet<string> opaque = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> children = new(StringComparer.Ordinal);

    public string? FilesDirectory => null;

    public static async Task<LayerIndex> ReadAsync(Stream blob, CancellationToken cancellationToken)
    {
        var index = new LayerIndex();
        await foreach (var entry in LayerReader.ListAsync(blob, cancellationToken).ConfigureAwait(false))
        {
            index.Add(entry);
        }

        return index;
    }

    private void Add(LayerEntryInfo info)
    {
        var path = FsPaths.Clean(info.Path);
        if (path.Length == 0)
        {
            return;
        }

        var name = FsPaths.Name(path);
        var parent = FsPaths.Parent(path);
        if (string.Equals(name, OpaqueName, StringComparison.Ordinal))
        {
            opaque.Add(parent);
            return;
        }

        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            AddWhiteout(FsPaths.Join(parent, name[WhiteoutPrefix.Length..]));
            return;
        }

        var type = info.Type switch
        {
            LayerEntryType.File => FsEntryType.File,
            LayerEntryType.Directory => FsEntryType.Directory,
            LayerEntryType.Symlink => FsEntryType.Symlink,
            LayerEntryType.HardLink => FsEntryType.HardLink,
            _ => FsEntryType.Other,
        };
        AddEntry(path, new FsEntry(type, info.Mode & 0xFFF, info.UserId, info.GroupId, type is FsEntryType.HardLink ? FsPaths.Clean(info.LinkTarget ?? "") : info.LinkTarget));
    }

    private void AddEntry(string path, FsEntry entry)
    {
        if (entries.TryAdd(path, entry))
        {
            AddChild(FsPaths.Parent(path), path);
        }
        else
        {
            entries[path] = entry; // A later header for the same path wins, as when the tar is applied.
        }
    }

    private void AddWhiteout(string path)
    {
        if (whiteouts.Add(path))
        {
            AddChild(FsPaths.Parent(path), path);
        }
    }

    private void AddChild(string parent, string path)
    {
        if (!children.TryGetValue(parent, out var list))
        {
            children[parent] = list = [];
        }

        list.Add(path);
    }

    /// <summary>What this layer says of <paramref name="path"/>: an entry, deleted, or nothing (look further down).</summary>
    public (bool Decided, FsEntry? Entry) Lookup(string path)
    {
        if (entries.TryGetValue(path, out var entry))
        {
            return (true, entry);
        }

        if (whiteouts.Contains(path))
        {
            return (true, null);
        }

        for (var ancestor = FsPaths.Parent(path); ; ancestor = FsPaths.Parent(ancestor))
        {
            if (whiteouts.Contains(ancestor) || opaque.Contains(ancestor) || (entries.TryGetValue(ancestor, out var above) && !above.IsDirectory))
            {
                return (true, null);
            }

            if (ancestor.Length == 0)
            {
                return (false, null);
            }
        }
    }

    /// <summary>The paths of <paramref name="directory"/>'s children this layer names (entries and whiteouts), and whether it hides the layers below.</summary>
    public (IReadOnlyList<string> Children, bool Opaque) List(string directory) =>
        (children.TryGetValue(directory, out var list) ? list : [], opaque.Contains(directory));

    public bool IsWhiteout(string path) => whiteouts.Contains(path);
}
