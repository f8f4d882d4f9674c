namespace ContainerBuild.Graph;

/// <summary>Options of a copy action (<c>FileActionCopy</c>).</summary>
public sealed record CopyOptions
{
    public static CopyOptions None { get; } = new();

    public FileOwner? Owner { get; init; }

    /// <summary>Permission bits for everything copied; null keeps the source's mode.</summary>
    public int? Mode { get; init; }

    /// <summary>A symbolic chmod applied to each copied entry's own mode (<c>u+x</c>, <c>go-w,a+r</c>; <c>modeStr</c>, BuildKit v0.14+); only used when <see cref="Mode"/> is null.</summary>
    public string? SymbolicMode { get; init; }

    public bool FollowSymlinks { get; init; }

    /// <summary>Copy what a source directory holds rather than the directory itself.</summary>
    public bool CopyDirectoryContentsOnly { get; init; }

    /// <summary>Unpack a source archive as Dockerfile ADD does.</summary>
    public bool AttemptUnpackDockerCompatibility { get; init; }

    public bool CreateDestPath { get; init; }

    public bool AllowWildcard { get; init; }

    /// <summary>A wildcard that matches nothing is not an error.</summary>
    public bool AllowEmptyWildcard { get; init; }

    /// <summary>Filters of what is copied (BuildKit v0.9+).</summary>
    public IReadOnlyList<string> IncludePatterns { get; init; } = [];

    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];

    /// <summary>The mtime given to what is copied; null keeps the source's.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Replace an existing destination even when its type differs (BuildKit v0.14+).</summary>
    public bool AlwaysReplaceExistingDestPaths { get; init; }
}
