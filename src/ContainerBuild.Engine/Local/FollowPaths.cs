namespace ContainerBuild.Engine.Local;

/// <summary>Turns <c>local.followpaths</c> into include patterns: each path, every symlink on its way and the final target.</summary>
internal static class FollowPaths
{
    public static IReadOnlyList<string> ToIncludePatterns(string root, IEnumerable<string> followPaths)
    {
        var patterns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var followPath in followPaths)
        {
            var relative = GoPath.Relative(followPath);
            if (relative.Length == 0)
            {
                continue;
            }

            patterns.Add(relative);
            if (relative.AsSpan().IndexOfAny("*?[\\") >= 0)
            {
                // A wildcard follow path stays a pattern; its links are not resolved.
                continue;
            }

            var target = ScopedPath.Resolve(root, relative, followFinal: true, link => patterns.Add(link));
            if (target.Length > 0)
            {
                patterns.Add(target);
            }
        }

        return [.. patterns];
    }
}
