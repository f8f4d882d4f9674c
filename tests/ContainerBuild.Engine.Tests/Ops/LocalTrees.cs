namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>Writes small local trees for copy tests.</summary>
internal static class LocalTrees
{
    public static void Write(string root, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            Chmod(full, "644");
        }
    }

    /// <summary>Sets permission bits, given in octal (umask would otherwise decide them).</summary>
    public static void Chmod(string path, string octal)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));
        }
    }

    public static void Touch(string root, DateTime when)
    {
        foreach (var file in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, when);
        }
    }
}
