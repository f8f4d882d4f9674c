namespace ContainerBuild.Engine.Exec;

/// <summary>Finds the runtime binary: the configured path, else PATH and the sbin folders (runc is in /usr/sbin on Debian, often off a user's PATH).</summary>
public static class OciRuntimeLocator
{
    private static readonly string[] SystemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <exception cref="OciRuntimeNotFoundException">Not found.</exception>
    public static string Locate(OciRuntimeKind runtime, string? configuredPath = null)
    {
        var name = OciRuntimeExecutorOptions.RuntimeName(runtime);
        if (configuredPath is not null)
        {
            return File.Exists(configuredPath) ? configuredPath : throw new OciRuntimeNotFoundException(name, [configuredPath]);
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemFolders)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new OciRuntimeNotFoundException(name, folders);
    }
}
