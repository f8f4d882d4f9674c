namespace ContainerBuild.Layers;

/// <summary>Entries for a directory tree on disk: files, directories and symlinks, with their real modes and mtimes.</summary>
public static class DiskEntries
{
    /// <summary>
    /// Every file, directory and symlink under <paramref name="sourceDirectory"/>, placed under
    /// <paramref name="targetPath"/>. Symlinks are kept as links (never followed). Modes are the
    /// files' own; with <paramref name="normalizeModes"/> files become 0644, or 0755 when the owner
    /// may execute them, and directories 0755, whatever the umask of the machine was.
    /// </summary>
    public static IEnumerable<LayerEntry> FromDirectory(string sourceDirectory, string targetPath = "/", bool normalizeModes = false)
    {
        var root = new DirectoryInfo(sourceDirectory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The directory '{sourceDirectory}' to put into a layer does not exist.");
        }

        var target = LayerPath.Normalize(targetPath);
        return Walk(root, target, normalizeModes);
    }

    private static IEnumerable<LayerEntry> Walk(DirectoryInfo directory, string target, bool normalizeModes)
    {
        var pending = new Stack<(DirectoryInfo Directory, string Target)>();
        pending.Push((directory, target));
        while (pending.Count > 0)
        {
            var (current, currentTarget) = pending.Pop();
            foreach (var info in current.EnumerateFileSystemInfos())
            {
                var path = LayerPath.Join(currentTarget, info.Name);
                if (info.LinkTarget is { } linkTarget)
                {
                    // A symlink's own mode and mtime mean nothing to a container: 0777 and the source date.
                    yield return new LayerSymlink(path, linkTarget);
                    continue;
                }

                var mode = OperatingSystem.IsWindows() ? (int?)null : (int)info.UnixFileMode;
                if (info is DirectoryInfo child)
                {
                    yield return new LayerDirectory(path) { Mode = normalizeModes ? UnixMode.Executable : mode, ModifiedTime = info.LastWriteTimeUtc };
                    pending.Push((child, path));
                }
                else if (info is FileInfo file)
                {
                    var fileMode = normalizeModes ? ((mode ?? UnixMode.File) & UnixMode.OwnerExecute) != 0 ? UnixMode.Executable : UnixMode.File : mode;
                    yield return new LayerFile(path, new LayerFileSource.PathSource(file.FullName, file.Length)) { Mode = fileMode, ModifiedTime = info.LastWriteTimeUtc };
                }
            }
        }
    }
}
