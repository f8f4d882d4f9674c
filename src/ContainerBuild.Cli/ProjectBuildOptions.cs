using System.CommandLine;

namespace ContainerBuild.Cli;

/// <summary>What <c>build</c> and <c>dockerfile</c> share for a project: the project PATH rule and the containerized build's options.</summary>
internal static class ProjectBuildOptions
{
    public const string DefaultBaseRegistry = "mcr.microsoft.com";

    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj"];

    public static Option<string?> BaseRegistry() =>
        new("--base-registry") { Description = "For a project: the registry of the inferred .NET SDK and runtime images (default: mcr.microsoft.com)." };

    public static Option<bool> NoHostCertificates() =>
        new("--no-host-certificates") { Description = "For a project: do not mount the host's CA bundle into the build steps (ContainerBuildTrustHostCertificates=false)." };

    /// <summary>
    /// The project a PATH names: the file itself when it is a .csproj/.fsproj, or the one project of a folder that has no
    /// Dockerfile (for <c>build</c>, a Dockerfile beside it means a Dockerfile build); null for a Dockerfile build.
    /// With <paramref name="evenBesideDockerfile"/> (<c>dockerfile</c>, which only ever prints a project's Dockerfile),
    /// a folder's one project counts even when the folder has a Dockerfile.
    /// </summary>
    /// <exception cref="UsageException">A folder with several projects and no Dockerfile.</exception>
    public static string? FindProject(string path, string workingDirectory, bool evenBesideDockerfile = false)
    {
        if (path == "-")
        {
            return null;
        }

        var full = Path.GetFullPath(path, workingDirectory);
        if (File.Exists(full))
        {
            return ProjectExtensions.Contains(Path.GetExtension(full), StringComparer.OrdinalIgnoreCase) ? full : null;
        }

        var dockerfileBuild = !evenBesideDockerfile && File.Exists(Path.Combine(full, "Dockerfile"));
        if (!Directory.Exists(full) || dockerfileBuild)
        {
            return null;
        }

        var projects = Directory.EnumerateFiles(full).Where(f => ProjectExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).ToList();
        return projects.Count switch
        {
            0 => null,
            1 => projects[0],
            _ => throw new UsageException(evenBesideDockerfile
                ? $"{full} holds several projects: give the project file as PATH."
                : $"{full} holds several projects and no Dockerfile: give the project file as PATH."),
        };
    }
}
