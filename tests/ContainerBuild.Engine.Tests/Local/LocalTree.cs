using System.Runtime.Versioning;

namespace ContainerBuild.Engine.Tests.Local;

/// <summary>Builds small directory trees for the walker and checksum tests.</summary>
[UnsupportedOSPlatform("windows")]
internal static class LocalTree
{
    public static string File(string root, string path, string content, UnixFileMode? mode = null)
    {
        var full = Path.Join(root, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        if (mode is { } m)
        {
            System.IO.File.SetUnixFileMode(full, m);
        }

        return full;
    }

    public static void MakeDirectory(string root, string path) => System.IO.Directory.CreateDirectory(Path.Join(root, path));

    public static void Symlink(string root, string path, string target)
    {
        var full = Path.Join(root, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.CreateSymbolicLink(full, target);
    }

    /// <summary>Copies a tree with modes and symlinks as they are, as a fresh clone would produce it.</summary>
    public static void Copy(string source, string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        foreach (var info in new DirectoryInfo(source).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var target = Path.Join(destination, info.Name);
            if (info.LinkTarget is { } link)
            {
                System.IO.File.CreateSymbolicLink(target, link);
            }
            else if (info is DirectoryInfo)
            {
                Copy(info.FullName, target);
                System.IO.File.SetUnixFileMode(target, info.UnixFileMode);
            }
            else
            {
                System.IO.File.Copy(info.FullName, target);
                System.IO.File.SetUnixFileMode(target, info.UnixFileMode);
            }
        }
    }

    /// <summary>Sets every file's and directory's mtime, as <c>touch</c> or a checkout at another time would.</summary>
    public static void Touch(string root, DateTime time)
    {
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = true }))
        {
            if (info.LinkTarget is null)
            {
                info.LastWriteTimeUtc = time;
            }
        }
    }
}
