namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// The changes of a RUN that ran in a full copy of its lower snapshot, found by walking both trees. A directory whose
/// inode (number and birth time) is not the one the copy gave it was deleted and made again: it becomes opaque, as overlayfs marks it.
/// </summary>
internal static class CopyDiff
{
    /// <summary>The inode of every directory of a freshly copied tree, by relative path.</summary>
    public static Dictionary<string, (ulong Inode, long Birth)> DirectoryInodes(string root, CancellationToken cancellationToken)
    {
        var inodes = new Dictionary<string, (ulong Inode, long Birth)>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.TryPop(out var relative))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in new DirectoryInfo(Path.Join(root, relative)).EnumerateDirectories())
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                var child = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                inodes[child] = OverlayNative.LStat(entry.FullName).Identity;
                pending.Push(child);
            }
        }

        return inodes;
    }

    public static RootfsChanges Changes(
        string lowerRoot,
        string newRoot,
        IReadOnlyDictionary<string, (ulong Inode, long Birth)> directoryInodes,
        IEnumerable<string>? mountTargets,
        CancellationToken cancellationToken)
    {
        MountStubs.Remove(newRoot, p => OverlayNative.TryLStat(Path.Join(lowerRoot, p)) is not null, mountTargets ?? []);

        var changes = new ChangeCollector(newRoot);
        var pending = new Stack<(string Relative, bool LowerIsDirectory)>();
        pending.Push(("", true));
        while (pending.TryPop(out var current))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var names = new DirectoryInfo(Path.Join(newRoot, current.Relative)).EnumerateFileSystemInfos().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            if (current.LowerIsDirectory)
            {
                foreach (var gone in new DirectoryInfo(Path.Join(lowerRoot, current.Relative)).EnumerateFileSystemInfos().Select(e => e.Name).Where(n => !names.Contains(n)))
                {
                    changes.AddWhiteout(Join(current.Relative, gone));
                }
            }

            foreach (var name in names)
            {
                var relative = Join(current.Relative, name);
                var full = Path.Join(newRoot, relative);
                var lowerPath = Path.Join(lowerRoot, relative);
                var stat = OverlayNative.LStat(full);
                var below = current.LowerIsDirectory ? OverlayNative.TryLStat(lowerPath) : null;
                if (stat.IsDirectory)
                {
                    if (below is null)
                    {
                        changes.Add(relative, stat);
                        pending.Push((relative, false));
                    }
                    else if (!below.Value.IsDirectory || !directoryInodes.TryGetValue(relative, out var copied) || copied != stat.Identity)
                    {
                        changes.AddOpaque(relative, stat);
                        pending.Push((relative, false));
                    }
                    else
                    {
                        if (!EntryComparison.Unchanged(full, stat, lowerPath, below.Value))
                        {
                            changes.Add(relative, stat);
                        }

                        pending.Push((relative, true));
                    }
                }
                else if (below is not { IsDirectory: false } || !EntryComparison.Unchanged(full, stat, lowerPath, below.Value))
                {
                    changes.Add(relative, stat);
                }
            }
        }

        return changes.Finish();
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;
}
