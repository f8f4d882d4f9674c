namespace ContainerBuild.Engine.Local;

/// <summary>
/// How a path is selected for a content checksum, as a copy's source selectors say it. Include and exclude
/// patterns are relative to the selected directory.
/// </summary>
public sealed record ChecksumOptions
{
    public static readonly ChecksumOptions Default = new();

    /// <summary>Whether a selected path that is a symlink stands for its target (inside the root) rather than the link.</summary>
    public bool FollowSymlinks { get; init; }

    /// <summary>Whether the selector may hold wildcards (<c>*</c>, <c>?</c>, <c>[ ]</c> within an element), as COPY sources do.</summary>
    public bool Wildcard { get; init; }

    /// <summary>Only paths inside the selection that match one of these count.</summary>
    public IReadOnlyList<string> IncludePatterns { get; init; } = [];

    /// <summary>Paths inside the selection that match these do not count.</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];
}
