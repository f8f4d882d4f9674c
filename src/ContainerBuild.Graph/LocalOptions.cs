namespace ContainerBuild.Graph;

/// <summary>
/// Attrs of a local source (<c>local://NAME</c>). Patterns follow .dockerignore syntax; a list is
/// written only when it is not empty, as the JSON array BuildKit expects.
/// </summary>
public sealed record LocalOptions
{
    public static LocalOptions None { get; } = new();

    /// <summary><c>local.includepattern</c>.</summary>
    public IReadOnlyList<string> IncludePatterns { get; init; } = [];

    /// <summary><c>local.excludepatterns</c> (for example the lines of .dockerignore).</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];

    /// <summary><c>local.followpaths</c>: paths whose symlinks are followed when transferring.</summary>
    public IReadOnlyList<string> FollowPaths { get; init; } = [];

    /// <summary><c>local.sharedkeyhint</c>: lets two sessions share transferred content.</summary>
    public string? SharedKeyHint { get; init; }

    /// <summary><c>local.session</c>: the session that serves the directory (remote BuildKit).</summary>
    public string? SessionId { get; init; }

    /// <summary><c>local.unique</c>: only makes the op digest unique to a client.</summary>
    public string? UniqueId { get; init; }

    /// <summary><c>local.differ</c>: <c>none</c> or <c>metadata</c> (not known to BuildKit v0.8).</summary>
    public string? Differ { get; init; }

    /// <summary>Name and cache flags of the source op.</summary>
    public OpOptions Op { get; init; } = OpOptions.None;
}
