namespace ContainerBuild.Frontend.Dockerfile.DockerIgnore;

/// <summary>
/// Which ignore file applies to a build, as BuildKit's Dockerfile frontend decides: <c>&lt;Dockerfile name&gt;.dockerignore</c>
/// beside the Dockerfile wins over <c>.dockerignore</c> at the root of the context.
/// </summary>
public static class DockerIgnoreLocator
{
    /// <summary>The candidate files in order of precedence, whether they exist or not.</summary>
    public static IReadOnlyList<string> Candidates(string contextDirectory, string dockerfilePath)
    {
        ArgumentNullException.ThrowIfNull(contextDirectory);
        ArgumentNullException.ThrowIfNull(dockerfilePath);
        var dockerfile = Path.GetFullPath(dockerfilePath, Path.GetFullPath(contextDirectory));
        return
        [
            dockerfile + DockerIgnoreFile.FileName,
            Path.Join(Path.GetFullPath(contextDirectory), DockerIgnoreFile.FileName),
        ];
    }

    /// <summary>The ignore file that applies, or null when there is none.</summary>
    public static string? Find(string contextDirectory, string dockerfilePath) =>
        Candidates(contextDirectory, dockerfilePath).FirstOrDefault(File.Exists);
}
