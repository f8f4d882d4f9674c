using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>The copy options the Dockerfile frontend gives COPY and ADD.</summary>
internal static class DockerCopy
{
    public static CopyOptions Copy { get; } = new()
    {
        AllowWildcard = true,
        AllowEmptyWildcard = true,
        CreateDestPath = true,
        CopyDirectoryContentsOnly = true,
        FollowSymlinks = true,
    };

    public static CopyOptions Add { get; } = Copy with { AttemptUnpackDockerCompatibility = true };

    public static State CopyStep(this State state, State from, string source, string destination, CopyOptions? options = null) =>
        state.File(FileActions.Copy(from, source, destination, options ?? Copy)).WithCustomName($"COPY {source} {destination}");
}
