namespace ContainerBuild.Engine.Local;

/// <summary>
/// An ordered list of Docker file patterns with moby/patternmatcher's semantics: a path matches a pattern when it
/// or one of its parent directories does; the last matching pattern wins, and an <c>!</c> pattern re-includes.
/// </summary>
public sealed class PatternMatcher
{
    private PatternMatcher(IReadOnlyList<FilePattern> patterns)
    {
        Patterns = patterns;
        HasExclusions = patterns.Any(p => p.IsExclusion);
    }

    /// <summary>The patterns in order, blank ones dropped.</summary>
    public IReadOnlyList<FilePattern> Patterns { get; }

    /// <summary>Whether any pattern starts with <c>!</c>.</summary>
    public bool HasExclusions { get; }

    /// <summary>Whether there are no patterns at all (nothing ever matches).</summary>
    public bool IsEmpty => Patterns.Count == 0;

    /// <exception cref="InvalidPatternException">A pattern is malformed.</exception>
    public static PatternMatcher Create(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var parsed = new List<FilePattern>();
        foreach (var text in patterns)
        {
            if (FilePattern.Parse(text) is { } pattern)
            {
                parsed.Add(pattern);
            }
        }

        return new PatternMatcher(parsed);
    }

    /// <summary>Whether the relative path (or a parent directory of it) is matched, after re-includes.</summary>
    public bool Matches(string path)
    {
        path = GoPath.Relative(path);
        if (path.Length == 0)
        {
            // Docker never lets a pattern exclude the root itself.
            return false;
        }

        var matched = false;
        foreach (var pattern in Patterns)
        {
            // Only an exclusion can undo a match, and only a plain pattern can make one.
            if (pattern.IsExclusion != matched)
            {
                continue;
            }

            if (pattern.Matches(path) || ParentMatches(pattern, path))
            {
                matched = !pattern.IsExclusion;
            }
        }

        return matched;
    }

    /// <summary>
    /// The walker's form of <see cref="Matches(string)"/>: <paramref name="parent"/> holds, per pattern, whether the
    /// parent directory or one of its ancestors matched, so each path is tested against its own name only once.
    /// </summary>
    public bool Matches(string path, MatchState parent, out MatchState state)
    {
        var own = new bool[Patterns.Count];
        var matched = false;
        for (var i = 0; i < Patterns.Count; i++)
        {
            var pattern = Patterns[i];
            own[i] = parent.Matched(i) || pattern.Matches(path);
            if (own[i])
            {
                matched = !pattern.IsExclusion;
            }
        }

        state = new MatchState(own);
        return matched;
    }

    /// <summary>Whether some plain (non-<c>!</c>) pattern could match a path inside <paramref name="directory"/>.</summary>
    public bool CouldMatchBelow(string directory) => Patterns.Any(p => !p.IsExclusion && p.CouldMatchBelow(directory));

    /// <summary>Whether some <c>!</c> pattern could re-include a path inside <paramref name="directory"/>.</summary>
    public bool CouldReincludeBelow(string directory) => Patterns.Any(p => p.IsExclusion && p.CouldMatchBelow(directory));

    private static bool ParentMatches(FilePattern pattern, string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.Matches(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }
}
