using ContainerBuild.Engine.Local;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>One entry of a copy source, with where its content is on disk.</summary>
internal sealed record SourceEntry(string Path, FsEntry Entry, string FullPath);

/// <summary>
/// A copy source on disk: a local directory (seen through its source's patterns, owners reset to root as a build
/// context is) or an unpacked state (owners kept). Paths are relative to the root; symlinks resolve inside it.
/// </summary>
internal sealed class SourceTree
{
    private readonly string root;
    private readonly HashSet<string>? visible;

    private SourceTree(string root, string description, HashSet<string>? visible, bool resetOwners)
    {
        this.root = root;
        this.visible = visible;
        Description = description;
        ResetOwners = resetOwners;
    }

    public string Description { get; }

    /// <summary>Whether the source's owners are replaced by root (a local directory), as BuildKit does for a context.</summary>
    public bool ResetOwners { get; }

    public static SourceTree ForLocal(LocalDirResult local)
    {
        var options = local.Options;
        HashSet<string>? visible = null;
        if (options.IncludePatterns.Count > 0 || options.ExcludePatterns.Count > 0 || options.FollowPaths.Count > 0)
        {
            visible = new HashSet<string>(LocalDirectoryWalker.Walk(local.Path, options).Select(e => e.Path), StringComparer.Ordinal);
        }

        return new SourceTree(local.Path, $"the local directory '{local.Name}' ({local.Path})", visible, resetOwners: true);
    }

    public static SourceTree ForSnapshot(string path, string description) => new(path, description, null, resetOwners: false);

    public FsEntry? Lookup(string path)
    {
        if (path.Length > 0 && visible is not null && !visible.Contains(path))
        {
            return null;
        }

        return path.Length == 0 ? ChainView.FromDisk(root) : ChainView.FromDisk(Path.Join(root, path));
    }

    public string FullPath(string path) => path.Length == 0 ? root : Path.Join(root, path);

    /// <summary>The path with symlinks followed inside the root (the final one with <paramref name="followFinal"/>).</summary>
    public string Resolve(string path, bool followFinal) => ScopedPath.Resolve(root, path, followFinal);

    /// <summary>The matches of a wildcard source, element by element within one directory each (Go's filepath.Match), in byte order.</summary>
    public IReadOnlyList<string> Expand(string pattern)
    {
        var current = new List<string> { "" };
        foreach (var element in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<string>();
            var matcher = FsPaths.HasWildcard(element) ? FilePattern.Parse(element) : null;
            foreach (var parent in current)
            {
                if (matcher is null)
                {
                    var candidate = FsPaths.Join(parent, element);
                    if (Lookup(Resolve(candidate, followFinal: false)) is not null)
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                var directory = Resolve(parent, followFinal: true);
                var full = FullPath(directory);
                if (!Directory.Exists(full))
                {
                    continue;
                }

                var names = Directory.EnumerateFileSystemEntries(full, "*", new EnumerationOptions { AttributesToSkip = 0 })
                    .Select(Path.GetFileName)
                    .Where(name => matcher.Matches(name!) && Lookup(FsPaths.Join(directory, name!)) is not null)
                    .Order(StringComparer.Ordinal);
                next.AddRange(names.Select(name => FsPaths.Join(parent, name!)));
            }

            current = next;
        }

        return current;
    }

    /// <summary>Everything below a directory (not the directory itself), depth first in byte order, paths relative to it.</summary>
    public IEnumerable<SourceEntry> Walk(string directory, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        foreach (var entry in LocalDirectoryWalker.Walk(FullPath(directory), new LocalWalkOptions { IncludePatterns = include, ExcludePatterns = exclude }))
        {
            if (visible is not null && !visible.Contains(FsPaths.Join(directory, entry.Path)))
            {
                continue;
            }

            var type = entry.Type switch
            {
                LocalEntryType.Directory => FsEntryType.Directory,
                LocalEntryType.Symlink => FsEntryType.Symlink,
                _ => FsEntryType.File,
            };
            yield return new SourceEntry(entry.Path, new FsEntry(type, entry.Permissions, entry.Uid, entry.Gid, entry.LinkTarget), entry.FullPath);
        }
    }

    public static LayerFileSource Content(string fullPath) => LayerFileSource.FromPath(fullPath);
}
