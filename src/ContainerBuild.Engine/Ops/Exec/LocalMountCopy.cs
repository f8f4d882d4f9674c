using System.Runtime.Versioning;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>
/// What a RUN's bind mount of a local directory shows (BuildKit's snapshot of a transferred context): the selected
/// path as the source's patterns let it be seen, copied with its modes and modification times; the copies belong to
/// the engine's user (root, which RUN needs), as a context's files belong to root. A copy, never the host directory
/// itself: a mount cannot reach a file the patterns exclude, a symlink cannot lead out of the directory, and nothing
/// the run does reaches the host.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class LocalMountCopy
{
    /// <summary>Copies the selection (a file or a directory tree) of <paramref name="local"/> to <paramref name="destination"/>, which must not exist.</summary>
    /// <exception cref="MountSourceNotFoundException">The selected path does not exist, or the patterns hide it.</exception>
    public static void Copy(LocalDirResult local, string selector, string destination, string step, CancellationToken cancellationToken)
    {
        var tree = SourceTree.ForLocal(local);
        var selected = tree.Resolve(FsPaths.Clean(selector), followFinal: true);
        var entry = tree.Lookup(selected);
        switch (entry?.Type)
        {
            case FsEntryType.File:
                CopyFile(tree.FullPath(selected), destination, entry.Mode);
                return;
            case FsEntryType.Directory:
                CopyDirectory(tree, selected, destination, entry.Mode, cancellationToken);
                return;
            default:
                throw new MountSourceNotFoundException(step, selector);
        }
    }

    private static void CopyDirectory(SourceTree tree, string selected, string destination, int mode, CancellationToken cancellationToken)
    {
        var directories = new List<(string Target, string Source, int Mode)> { (destination, tree.FullPath(selected), mode) };
        Directory.CreateDirectory(destination);
        foreach (var below in tree.Walk(selected, [], []))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Join(destination, below.Path);
            switch (below.Entry.Type)
            {
                case FsEntryType.Directory:
                    Directory.CreateDirectory(target);
                    directories.Add((target, below.FullPath, below.Entry.Mode));
                    break;
                case FsEntryType.Symlink:
                    File.CreateSymbolicLink(target, below.Entry.LinkTarget ?? "");
                    break;
                case FsEntryType.File:
                    CopyFile(below.FullPath, target, below.Entry.Mode);
                    break;
            }
        }

        // Deepest first, once nothing more is written into them: modes that may forbid writing, and the times writing changed.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var (target, source, directoryMode) = directories[i];
            Directory.SetLastWriteTimeUtc(target, Directory.GetLastWriteTimeUtc(source));
            File.SetUnixFileMode(target, (UnixFileMode)directoryMode);
        }
    }

    private static void CopyFile(string source, string target, int mode)
    {
        File.Copy(source, target);
        File.SetUnixFileMode(target, (UnixFileMode)mode);
        File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(source));
    }
}
