using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile;

/// <summary>What the frontend made: one final state (graph plus image metadata) per target platform.</summary>
public sealed record DockerfileConvertResult(IReadOnlyList<DockerfilePlatformResult> Platforms)
{
    /// <summary>The <c># syntax=</c> directive's value, noted and not fetched.</summary>
    public string? Syntax { get; init; }

    /// <summary>Warnings (unused build args, deprecated MAINTAINER, ...) for the host to print.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One platform's final state; its <see cref="State.Metadata"/> is the image config to write.</summary>
public sealed record DockerfilePlatformResult(Platform Platform, State State);
