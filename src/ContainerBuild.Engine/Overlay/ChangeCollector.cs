using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// Gathers the changes of a tree walk and turns them into layer entries: every parent of a change is written with its
/// own metadata from the new tree, and files sharing an inode become one file and hard links to it. Both ways of
/// running (an overlay's upper dir, a full copy) report through this one class, so they give the same layer.
/// </summary>
internal sealed class ChangeCollector(string newRoot)
{
    private readonly Dictionary<string, LayerEntry> entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> opaque = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> inodes = new(StringComparer.Ordinal);
    private readonly List<string> skipped = [];

    /// <summary>An entry of the new tree at <paramref name="relative"/>, added or changed.</summary>
    public void Add(string relative, EntryStat stat)
    {
        var full = Path.Join(newRoot, relative);
        var owner = new LayerOwner(stat.Uid, stat.Gid);
        switch (stat.Type)
        {
            case EntryStat.DirectoryType:
                entries[relative] = DirectoryEntry(relative, stat);
                break;
            case EntryStat.RegularType:
                entries[relative] = new LayerFile(relative, new LayerFileSource.PathSource(full, stat.Size))
                {
                    Mode = stat.Permissions,
                    Owner = owner,
                    ModifiedTime = stat.ModifiedTime,
                };
                inodes[relative] = stat.Inode;
                break;
            case EntryStat.SymlinkType:
                entries[relative] = new LayerSymlink(relative, new FileInfo(full).LinkTarget ?? "")
                {
                    Owner = owner,
                    ModifiedTime = stat.ModifiedTime,
                };
                break;
            default:
                skipped.Add(relative);
                break;
        }
    }

    /// <summary>A directory whose lower contents are all gone (deleted and made again).</summary>
    public void AddOpaque(string relative, EntryStat stat)
    {
        Add(relative, stat);
        opaque.Add(relative);
    }

    /// <summary>A deletion of what the lower tree holds at <paramref name="relative"/>.</summary>
    public void AddWhiteout(string relative) => entries[relative] = new LayerWhiteout(relative);

    public RootfsChanges Finish()
    {
        // Parents from the new tree: a RUN's directories keep the modes and owners it gave them.
        foreach (var path in entries.Keys.ToList())
        {
            for (var parent = LayerPath.Parent(path); parent.Length > 0 && !entries.ContainsKey(parent); parent = LayerPath.Parent(parent))
            {
                entries[parent] = DirectoryEntry(parent, OverlayNative.LStat(Path.Join(newRoot, parent)));
            }
        }

        var result = new List<LayerEntry>(entries.Count + opaque.Count);
        var firstOfInode = new Dictionary<ulong, string>();
        foreach (var path in entries.Keys.Order(LayerPath.Comparer))
        {
            var entry = entries[path];
            if (inodes.TryGetValue(path, out var inode))
            {
                if (firstOfInode.TryGetValue(inode, out var first))
                {
                    entry = new LayerHardLink(path, first) { Mode = entry.Mode, Owner = entry.Owner, ModifiedTime = entry.ModifiedTime };
                }
                else
                {
                    firstOfInode[inode] = path;
                }
            }

            result.Add(entry);
            if (opaque.Contains(path))
            {
                result.Add(new LayerOpaqueWhiteout(path));
            }
        }

        skipped.Sort(LayerPath.Comparer);
        return new RootfsChanges(result, skipped);
    }

    private static LayerDirectory DirectoryEntry(string relative, EntryStat stat) => new(relative)
    {
        Mode = stat.Permissions,
        Owner = new LayerOwner(stat.Uid, stat.Gid),
        ModifiedTime = stat.ModifiedTime,
    };
}
