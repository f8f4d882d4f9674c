namespace ContainerBuild.Engine.Local;

/// <summary>
/// Resolves a path inside a root the way a container sees it: symlinks are followed with the root as '/', and
/// <c>..</c> stops at the root, so no resolution ever leaves the root.
/// </summary>
internal static class ScopedPath
{
    public const int MaxLinks = 255;

    /// <summary>
    /// The physical relative path ("" for the root) that <paramref name="path"/> names inside <paramref name="root"/>.
    /// Every symlink on the way is followed; the last element only with <paramref name="followFinal"/>. Elements that
    /// do not exist are kept as they are. <paramref name="onLink"/> sees the relative path of each link followed.
    /// </summary>
    public static string Resolve(string root, string path, bool followFinal, Action<string>? onLink = null)
    {
        var resolved = new List<string>();
        var remaining = new Stack<string>();
        PushElements(remaining, path);
        var links = 0;
        while (remaining.Count > 0)
        {
            var element = remaining.Pop();
            if (element.Length == 0 || element == ".")
            {
                continue;
            }

            if (element == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(element);
            var isLast = remaining.Count == 0;
            if (isLast && !followFinal)
            {
                break;
            }

            var relative = string.Join('/', resolved);
            var full = Path.Join(root, relative);
            var status = NativeStat.TryLStat(full);
            if (status is not { IsSymlink: true })
            {
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new SymlinkLoopException(root, path, MaxLinks);
            }

            onLink?.Invoke(relative);
            var target = new FileInfo(full).LinkTarget ?? "";
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            PushElements(remaining, target);
        }

        return string.Join('/', resolved);
    }

    private static void PushElements(Stack<string> stack, string path)
    {
        var elements = path.Replace('\\', '/').Split('/');
        for (var i = elements.Length - 1; i >= 0; i--)
        {
            stack.Push(elements[i]);
        }
    }
}
