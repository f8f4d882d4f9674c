namespace ContainerBuild.Layers;

/// <summary>
/// Turns entries into the exact list of tar entries: normalised paths, whiteouts as <c>.wh.</c> files,
/// synthesised parents, hard-link groups, timestamps and modes decided, in byte-wise path order.
/// A later entry for the same path replaces an earlier one ("last one wins", as a later COPY does).
/// </summary>
internal static class LayerPlanner
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueWhiteoutName = ".wh..wh..opq";

    public static IReadOnlyList<PlannedEntry> Plan(IEnumerable<LayerEntry> entries, LayerWriterOptions options)
    {
        var sourceSeconds = Math.Max(0, options.SourceDate.ToUnixTimeSeconds());
        var byPath = new Dictionary<string, (LayerEntry Entry, string Path)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = TarPathOf(entry);
            if (path.Length == 0)
            {
                if (entry is LayerDirectory)
                {
                    continue; // The root exists in every image; a root entry says nothing.
                }

                throw new InvalidLayerEntryException(entry.Path, "only a directory can stand for the layer root");
            }

            byPath[path] = (entry, path);
        }

        var planned = new Dictionary<string, PlannedEntry>(StringComparer.Ordinal);
        foreach (var (entry, path) in byPath.Values)
        {
            planned[path] = Decide(entry, path, options, sourceSeconds);
        }

        foreach (var path in byPath.Keys)
        {
            for (var parent = LayerPath.Parent(path); parent.Length > 0; parent = LayerPath.Parent(parent))
            {
                if (planned.TryGetValue(parent, out var existing))
                {
                    if (existing.Type != PlannedType.Directory)
                    {
                        throw new InvalidLayerEntryException(path, $"its parent '{parent}' is not a directory in the same layer but a {Describe(existing.Type)}");
                    }

                    continue;
                }

                planned[parent] = new PlannedEntry(parent, PlannedType.Directory, UnixMode.Executable, options.DefaultOwner, sourceSeconds, null, null);
            }
        }

        ResolveHardLinks(planned);
        var result = planned.Values.ToList();
        result.Sort((a, b) => LayerPath.CompareOrdinalUtf8(a.Path, b.Path));
        return result;
    }

    private static string TarPathOf(LayerEntry entry)
    {
        var path = LayerPath.Normalize(entry.Path);
        switch (entry)
        {
            case LayerWhiteout:
                if (path.Length == 0)
                {
                    throw new InvalidLayerEntryException(entry.Path, "the layer root cannot be whited out; use an opaque whiteout of a directory");
                }

                return LayerPath.Join(LayerPath.Parent(path), WhiteoutPrefix + LayerPath.Name(path));
            case LayerOpaqueWhiteout:
                return LayerPath.Join(path, OpaqueWhiteoutName);
            default:
                if (LayerPath.Name(path).StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                {
                    throw new InvalidLayerEntryException(entry.Path, "names starting with '.wh.' mean deletions in a layer; use LayerWhiteout or LayerOpaqueWhiteout");
                }

                return path;
        }
    }

    private static PlannedEntry Decide(LayerEntry entry, string path, LayerWriterOptions options, long sourceSeconds)
    {
        var owner = entry.Owner ?? options.DefaultOwner;
        CheckOwner(entry, owner);
        var mtime = Timestamp(entry, options, sourceSeconds);
        return entry switch
        {
            LayerFile file => new PlannedEntry(path, PlannedType.File, CheckMode(entry, entry.Mode ?? DiskMode(file.Source) ?? UnixMode.File), owner, mtime, file.Source, null),
            LayerDirectory => new PlannedEntry(path, PlannedType.Directory, CheckMode(entry, entry.Mode ?? UnixMode.Executable), owner, mtime, null, null),
            LayerSymlink link => new PlannedEntry(path, PlannedType.Symlink, CheckMode(entry, entry.Mode ?? UnixMode.Symlink), owner, mtime, null, CheckLinkTarget(entry, link.Target)),
            LayerHardLink link => new PlannedEntry(path, PlannedType.HardLink, CheckMode(entry, entry.Mode ?? UnixMode.File), owner, mtime, null, LayerPath.Normalize(link.Target)),
            LayerWhiteout or LayerOpaqueWhiteout => new PlannedEntry(path, PlannedType.File, CheckMode(entry, entry.Mode ?? UnixMode.File), owner, mtime, LayerFileSource.FromBytes(ReadOnlyMemory<byte>.Empty), null),
            _ => throw new InvalidLayerEntryException(entry.Path, $"the entry kind {entry.GetType().Name} is not known to the writer"),
        };
    }

    private static long Timestamp(LayerEntry entry, LayerWriterOptions options, long sourceSeconds)
    {
        if (options.Timestamps == TimestampPolicy.SetAllToSourceDate)
        {
            return sourceSeconds;
        }

        var own = entry.ModifiedTime ?? DiskTime(entry);
        return own is null ? sourceSeconds : Math.Clamp(own.Value.ToUnixTimeSeconds(), 0, sourceSeconds);
    }

    private static DateTimeOffset? DiskTime(LayerEntry entry) =>
        entry is LayerFile { Source: LayerFileSource.PathSource disk } ? File.GetLastWriteTimeUtc(disk.FullPath) : null;

    private static int? DiskMode(LayerFileSource source) =>
        source is LayerFileSource.PathSource disk && !OperatingSystem.IsWindows() ? (int)File.GetUnixFileMode(disk.FullPath) & UnixMode.PermissionMask : null;

    private static int CheckMode(LayerEntry entry, int mode) =>
        mode is >= 0 and <= UnixMode.PermissionMask ? mode : throw new InvalidLayerEntryException(entry.Path, $"the mode {Convert.ToString(mode, 8)} is not a permission mode (0 to 07777 octal)");

    private static void CheckOwner(LayerEntry entry, LayerOwner owner)
    {
        if (owner.UserId < 0 || owner.GroupId < 0)
        {
            throw new InvalidLayerEntryException(entry.Path, $"the owner {owner.UserId}:{owner.GroupId} has a negative id");
        }
    }

    private static string Describe(PlannedType type) => type switch
    {
        PlannedType.File => "regular file",
        PlannedType.Symlink => "symbolic link",
        PlannedType.HardLink => "hard link",
        _ => "directory",
    };

    private static string CheckLinkTarget(LayerEntry entry, string target) =>
        string.IsNullOrEmpty(target) || target.Contains('\0', StringComparison.Ordinal)
            ? throw new InvalidLayerEntryException(entry.Path, "a symbolic link needs a target without NUL characters")
            : target;

    /// <summary>
    /// A hard link and its target share one inode, so the member that sorts first carries the data
    /// and every other member links to it: a reader always meets the data before a link to it.
    /// </summary>
    private static void ResolveHardLinks(Dictionary<string, PlannedEntry> planned)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in planned.Values.Where(e => e.Type == PlannedType.HardLink).ToList())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { entry.Path };
            var target = entry.LinkTarget!;
            while (planned.TryGetValue(target, out var next) && next.Type == PlannedType.HardLink)
            {
                if (!seen.Add(target))
                {
                    throw new InvalidLayerEntryException(entry.Path, "its hard links go round in a circle");
                }

                target = next.LinkTarget!;
            }

            if (!planned.TryGetValue(target, out var file) || file.Type != PlannedType.File)
            {
                throw new InvalidLayerEntryException(entry.Path, $"a hard link needs a regular file of the same layer as its target, and '{target}' is not one");
            }

            if (!groups.TryGetValue(target, out var members))
            {
                groups[target] = members = [target];
            }

            members.Add(entry.Path);
        }

        foreach (var (dataPath, members) in groups)
        {
            var data = planned[dataPath];
            members.Sort(LayerPath.Comparer);
            var first = members[0];
            planned[first] = data with { Path = first };
            foreach (var member in members.Skip(1))
            {
                planned[member] = data with { Path = member, Type = PlannedType.HardLink, Source = null, LinkTarget = first };
            }
        }
    }
}
