using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>One change a file op makes: an entry (with its content for a file, and its mtime).</summary>
internal sealed record FsChange(FsEntry Entry, LayerFileSource? Content, DateTimeOffset Time);

/// <summary>
/// The upper layer a file op builds: entries it adds or replaces, paths it deletes (whiteouts) and directories whose
/// lower contents it hides (opaque). Paths are cleaned and relative to the root.
/// </summary>
internal sealed class FsChanges
{
    private readonly SortedDictionary<string, FsChange> entries = new(StringComparer.Ordinal);
    private readonly SortedSet<string> whiteouts = new(StringComparer.Ordinal);
    private readonly SortedSet<string> opaque = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, FsChange> Entries => entries;

    public IReadOnlyCollection<string> Whiteouts => whiteouts;

    public IReadOnlyCollection<string> Opaque => opaque;

    public bool IsEmpty => entries.Count == 0 && whiteouts.Count == 0 && opaque.Count == 0;

    public void Put(string path, FsChange change)
    {
        if (path.Length == 0)
        {
            return;
        }

        foreach (var ancestor in FsPaths.Ancestors(path).Reverse())
        {
            if (whiteouts.Remove(ancestor))
            {
                // The directory comes back empty: nothing of the old one shows through.
                opaque.Add(ancestor);
            }
        }

        if (whiteouts.Remove(path) && change.Entry.IsDirectory)
        {
            opaque.Add(path);
        }

        if (!change.Entry.IsDirectory)
        {
            RemoveBelow(path);
            opaque.Remove(path);
        }

        entries[path] = change;
    }

    /// <summary>Deletes a path: what this op added there goes, and a whiteout hides what the layers below have.</summary>
    public void Delete(string path, bool hideLower)
    {
        entries.Remove(path);
        RemoveBelow(path);
        opaque.Remove(path);
        if (hideLower)
        {
            whiteouts.Add(path);
        }
    }

    /// <summary>What the changes say of a path: an entry, deleted, or nothing (ask the base).</summary>
    public (bool Decided, FsEntry? Entry) Lookup(string path)
    {
        if (entries.TryGetValue(path, out var change))
        {
            return (true, change.Entry);
        }

        if (whiteouts.Contains(path))
        {
            return (true, null);
        }

        foreach (var ancestor in FsPaths.Ancestors(path))
        {
            if (whiteouts.Contains(ancestor) || opaque.Contains(ancestor) || (entries.TryGetValue(ancestor, out var above) && !above.Entry.IsDirectory))
            {
                return (true, null);
            }
        }

        return (false, null);
    }

    public FsChange? Get(string path) => entries.GetValueOrDefault(path);

    /// <summary>Names of the children the changes add to a directory, and whether the base's children are hidden.</summary>
    public (IEnumerable<string> Added, IEnumerable<string> Deleted, bool Opaque) Children(string directory) => (
        entries.Keys.Where(p => string.Equals(FsPaths.Parent(p), directory, StringComparison.Ordinal)).Select(FsPaths.Name),
        whiteouts.Where(p => string.Equals(FsPaths.Parent(p), directory, StringComparison.Ordinal)).Select(FsPaths.Name),
        opaque.Contains(directory) || FsPaths.Ancestors(directory).Any(a => opaque.Contains(a) || whiteouts.Contains(a)) || whiteouts.Contains(directory));

    private void RemoveBelow(string path)
    {
        var prefix = path + "/";
        foreach (var below in entries.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            entries.Remove(below);
        }

        whiteouts.RemoveWhere(p => p.StartsWith(prefix, StringComparison.Ordinal));
        opaque.RemoveWhere(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }
}
