namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// Reads what a RUN changed from the upper directory of its overlay (unmounted): overlay whiteouts (character devices
/// 0:0) become OCI whiteouts, opaque directories (<c>trusted.overlay.opaque=y</c>) opaque whiteouts plus their
/// content, and entries only copied up (a <c>touch</c>, an open for writing) are left out when they equal the lower
/// entry. Mounts are made with <c>redirect_dir=off,metacopy=off,index=off</c>, so the upper dir holds whole files
/// and no redirects.
/// </summary>
public static class UpperDirLayer
{
    /// <summary>
    /// The changes in <paramref name="upperDirectory"/> over the lower directories (topmost first, in overlay's
    /// format or plain). Mount stubs among <paramref name="mountTargets"/> are deleted from the upper dir first.
    /// </summary>
    public static RootfsChanges Changes(
        string upperDirectory,
        IReadOnlyList<string> lowerDirectoriesTopFirst,
        IEnumerable<string>? mountTargets = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upperDirectory);
        ArgumentNullException.ThrowIfNull(lowerDirectoriesTopFirst);
        var lower = new LowerView(lowerDirectoriesTopFirst);
        MountStubs.Remove(upperDirectory, p => lower.Find(p) is not null, mountTargets ?? []);

        var changes = new ChangeCollector(upperDirectory);
        var pending = new Stack<(string Relative, bool LowerVisible)>();
        pending.Push(("", true));
        while (pending.TryPop(out var current))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var name in new DirectoryInfo(Path.Join(upperDirectory, current.Relative)).EnumerateFileSystemInfos().Select(e => e.Name))
            {
                var relative = current.Relative.Length == 0 ? name : current.Relative + "/" + name;
                var full = Path.Join(upperDirectory, relative);
                var stat = OverlayNative.LStat(full);
                var below = current.LowerVisible ? lower.Find(relative) : null;
                if (stat.IsOverlayWhiteout)
                {
                    if (below is not null)
                    {
                        changes.AddWhiteout(relative);
                    }
                }
                else if (stat.IsDirectory)
                {
                    if (below is null)
                    {
                        changes.Add(relative, stat);
                        pending.Push((relative, false));
                    }
                    else if (!below.Value.Stat.IsDirectory || OverlayNative.GetXattr(full, OverlayWhiteouts.OpaqueAttribute) == "y")
                    {
                        changes.AddOpaque(relative, stat);
                        pending.Push((relative, false));
                    }
                    else
                    {
                        if (!EntryComparison.Unchanged(full, stat, below.Value.Path, below.Value.Stat))
                        {
                            changes.Add(relative, stat);
                        }

                        pending.Push((relative, true));
                    }
                }
                else if (below is not { Stat.IsDirectory: false } || !EntryComparison.Unchanged(full, stat, below.Value.Path, below.Value.Stat))
                {
                    changes.Add(relative, stat);
                }
            }
        }

        return changes.Finish();
    }
}
