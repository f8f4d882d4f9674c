using ContainerBuild.Build;

namespace ContainerBuild.Dockerfile;

/// <summary>What a Dockerfile build made: the build's result, the frontend's warnings, and buildx's metadata with the build's reference.</summary>
public sealed record DockerfileBuildResult(BuildResult Build, IReadOnlyList<string> Warnings, string BuildRef)
{
    /// <summary>The <c>--metadata-file</c> keys: the build's (<see cref="BuildMetadataKeys"/>) and <c>buildx.build.ref</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(Build.Metadata, StringComparer.Ordinal)
    {
        [BuildMetadataKeys.BuildRef] = BuildRef,
    };

    /// <summary>What <c>--quiet</c> prints and <c>--iidfile</c> holds.</summary>
    public string ImageId => BuildMetadataFile.ImageId(Metadata);
}
