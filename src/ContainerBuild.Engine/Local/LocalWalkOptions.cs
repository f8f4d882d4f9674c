namespace ContainerBuild.Engine.Local;

/// <summary>
/// What a local directory walk sends, as BuildKit's local source attributes say it (<c>local.includepattern</c>,
/// <c>local.excludepatterns</c>, <c>local.followpaths</c>). Empty include patterns mean everything.
/// </summary>
public sealed record LocalWalkOptions
{
    public static readonly LocalWalkOptions All = new();

    /// <summary>Only paths matching one of these (or inside a match) are sent, with their parent directories.</summary>
    public IReadOnlyList<string> IncludePatterns { get; init; } = [];

    /// <summary>Paths matching these are left out (.dockerignore semantics, <c>!</c> re-includes).</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];

    /// <summary>
    /// Paths whose symlinks (and the links' targets, inside the root) are added to the include patterns, as fsutil
    /// does; the links themselves are still sent as links.
    /// </summary>
    public IReadOnlyList<string> FollowPaths { get; init; } = [];
}
