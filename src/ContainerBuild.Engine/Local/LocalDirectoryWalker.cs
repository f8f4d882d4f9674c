using System.IO.Enumeration;

namespace ContainerBuild.Engine.Local;

/// <summary>
/// Walks a local directory as BuildKit's file sync sends it: depth first, each directory's names in byte order, a
/// directory right before its contents. Include, exclude and follow paths apply with Docker's pattern semantics; a
/// directory that is left out but may hold a re-included path is still walked, and is sent when one is found.
/// Symlinks are entries, never followed; devices, pipes and sockets are skipped.
/// </summary>
public static class LocalDirectoryWalker
{
    private static readonly EnumerationOptions ListOptions = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidPatternException">A pattern is malformed.</exception>
    public static IEnumerable<LocalEntry> Walk(string directory, LocalWalkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options ??= LocalWalkOptions.All;
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The directory '{directory}' to walk does not exist.");
        }

        var includes = options.IncludePatterns.ToList();
        if (options.FollowPaths.Count > 0)
        {
            includes.AddRange(FollowPaths.ToIncludePatterns(root, options.FollowPaths));
        }

        var include = includes.Count > 0 ? PatternMatcher.Create(includes) : null;
        var exclude = options.ExcludePatterns.Count > 0 ? PatternMatcher.Create(options.ExcludePatterns) : null;
        return Walk(root, include, exclude);
    }

    private static IEnumerable<LocalEntry> Walk(string root, PatternMatcher? include, PatternMatcher? exclude)
    {
        var frames = new List<Frame> { new(null, root, ListSorted(root), MatchState.Root, MatchState.Root) { Sent = true } };
        while (frames.Count > 0)
        {
            var frame = frames[^1];
            if (frame.Next >= frame.Children.Length)
            {
                frames.RemoveAt(frames.Count - 1);
                continue;
            }

            var name = frame.Children[frame.Next++];
            var relative = frame.Entry is null ? name : $"{frame.Entry.Path}/{name}";
            var full = Path.Join(frame.FullPath, name);
            if (NativeStat.TryLStat(full) is not { } status)
            {
                // Gone since the listing: nothing to send.
                continue;
            }

            var type = status.IsDirectory ? LocalEntryType.Directory
                : status.IsRegularFile ? LocalEntryType.File
                : status.IsSymlink ? LocalEntryType.Symlink
                : (LocalEntryType?)null;
            if (type is null)
            {
                continue;
            }

            var isDirectory = type == LocalEntryType.Directory;
            var send = true;
            var descend = isDirectory;
            var includeState = MatchState.Root;
            var excludeState = MatchState.Root;
            if (include is not null && !include.Matches(relative, frame.IncludeState, out includeState))
            {
                send = false;
                descend = isDirectory && include.CouldMatchBelow(relative);
            }

            if (exclude is not null && exclude.Matches(relative, frame.ExcludeState, out excludeState))
            {
                send = false;
                descend = descend && exclude.CouldReincludeBelow(relative);
            }

            if (!send && !descend)
            {
                continue;
            }

            var entry = new LocalEntry(
                relative,
                type.Value,
                status.Permissions,
                status.Uid,
                status.Gid,
                type == LocalEntryType.File ? status.Size : 0,
                type == LocalEntryType.Symlink ? new FileInfo(full).LinkTarget ?? "" : null,
                DateTimeOffset.UnixEpoch.AddTicks(status.ModifiedNanoseconds / 100),
                full)
            { Status = status };

            if (send)
            {
                // Parents that were walked only for what they might hold go out right before their first child.
                foreach (var parent in frames)
                {
                    if (!parent.Sent)
                    {
                        parent.Sent = true;
                        yield return parent.Entry!;
                    }
                }

                yield return entry;
            }

            if (descend)
            {
                frames.Add(new Frame(entry, full, ListSorted(full), includeState, excludeState) { Sent = send });
            }
        }
    }

    private static string[] ListSorted(string directory)
    {
        var names = new FileSystemEnumerable<string>(directory, static (ref FileSystemEntry e) => e.FileName.ToString(), ListOptions).ToArray();
        Array.Sort(names, Utf8OrdinalComparer.Instance);
        return names;
    }

    private sealed class Frame(LocalEntry? entry, string fullPath, string[] children, MatchState includeState, MatchState excludeState)
    {
        public LocalEntry? Entry { get; } = entry;

        public string FullPath { get; } = fullPath;

        public string[] Children { get; } = children;

        public MatchState IncludeState { get; } = includeState;

        public MatchState ExcludeState { get; } = excludeState;

        public int Next { get; set; }

        public bool Sent { get; set; }
    }
}
