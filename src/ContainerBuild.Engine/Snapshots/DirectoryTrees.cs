namespace ContainerBuild.Engine.Snapshots;

/// <summary>Walking and removing unpacked trees without following their symlinks.</summary>
internal static class DirectoryTrees
{
    /// <summary>The apparent size of the regular files under <paramref name="root"/>, and how many entries it holds.</summary>
    public static (long Size, long Entries) Measure(string root, CancellationToken cancellationToken)
    {
        long size = 0;
        long entries = 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                entries++;
                if (IsLink(entry))
                {
                    continue;
                }

                if (entry is DirectoryInfo child)
                {
                    pending.Push(child);
                }
                else if (entry is FileInfo file)
                {
                    size += file.Length;
                }
            }
        }

        return (size, entries);
    }

    /// <summary>
    /// Removes a tree; when a read-only directory stops that (an image may hold <c>dr-xr-xr-x</c> folders, which bind
    /// a process that is not root), makes its directories writable first and tries again.
    /// </summary>
    public static void Delete(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            if (OperatingSystem.IsWindows())
            {
                throw;
            }

            MakeWritable(new DirectoryInfo(root));
            Directory.Delete(root, recursive: true);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeWritable(DirectoryInfo directory)
    {
        directory.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var child in directory.EnumerateDirectories())
        {
            if (!IsLink(child))
            {
                MakeWritable(child);
            }
        }
    }

    private static bool IsLink(FileSystemInfo entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;
}
