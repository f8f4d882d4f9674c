using System.Collections.Immutable;

namespace ContainerBuild.Graph;

/// <summary>
/// What an op carries beside its bytes, in <c>Definition.metadata</c>: a name for progress, cache
/// flags, a progress group. None of it is part of the vertex digest.
/// </summary>
public sealed record OpOptions
{
    public static OpOptions None { get; } = new();

    /// <summary>The name progress shows (<c>llb.customname</c>).</summary>
    public string? CustomName { get; init; }

    /// <summary>Run the op even when a cached result exists.</summary>
    public bool IgnoreCache { get; init; }

    public OpProgressGroup? ProgressGroup { get; init; }

    /// <summary>Further description entries (such as <c>com.docker.dockerfile.v1.command</c>).</summary>
    public ImmutableSortedDictionary<string, string> Description { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
}
