namespace ContainerBuild.Engine.Ops;

/// <summary>The filesystem a file op sees while it runs: its changes over the base chain (none: scratch).</summary>
internal sealed class WorkingView(FsChanges changes, ChainView? baseView)
{
    private const int MaxLinks = 255;

    public FsChanges Changes => changes;

    public async Task<FsEntry?> LookupAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0)
        {
            return FsEntry.RootDirectory;
        }

        if (changes.Lookup(path) is (true, var entry))
        {
            return entry;
        }

        return baseView is null ? null : await baseView.LookupAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The base's own entry (ignoring changes).</summary>
    public async Task<FsEntry?> LookupBaseAsync(string path, CancellationToken cancellationToken) =>
        baseView is null ? null : await baseView.LookupAsync(path, cancellationToken).ConfigureAwait(false);

    /// <summary>The path with every symlink on the way followed inside the root (the final one with <paramref name="followFinal"/>).</summary>
    public async Task<string> ResolveAsync(string path, bool followFinal, CancellationToken cancellationToken)
    {
        var remaining = new Stack<string>(FsPaths.Clean(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "";
        var links = 0;
        while (remaining.Count > 0)
        {
            var element = remaining.Pop();
            if (element == ".")
            {
                continue;
            }

            if (element == "..")
            {
                current = FsPaths.Parent(current);
                continue;
            }

            var candidate = FsPaths.Join(current, element);
            if (remaining.Count == 0 && !followFinal)
            {
                return candidate;
            }

            var entry = await LookupAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (entry is { Type: FsEntryType.Symlink, LinkTarget: { Length: > 0 } target })
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"Too many levels of symbolic links resolving '/{path}'.");
                }

                foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    remaining.Push(part);
                }

                if (target.StartsWith('/'))
                {
                    current = "";
                }

                continue;
            }

            current = candidate;
        }

        return current;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string directory, CancellationToken cancellationToken)
    {
        var (added, deleted, hidesBase) = changes.Children(directory);
        var names = new SortedSet<string>(added, StringComparer.Ordinal);
        if (baseView is not null && !hidesBase)
        {
            var gone = deleted.ToHashSet(StringComparer.Ordinal);
            names.UnionWith((await baseView.ListAsync(directory, cancellationToken).ConfigureAwait(false)).Where(n => !gone.Contains(n)));
        }

        return [.. names];
    }

    /// <summary>The content of a regular file of the view; null when there is none.</summary>
    public async Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(path, followFinal: true, cancellationToken).ConfigureAwait(false);
        if (changes.Lookup(resolved) is (true, var entry))
        {
            if (entry is null || changes.Get(resolved)?.Content is not { } content)
            {
                return null;
            }

            var stream = content.Open();
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }
        }

        return baseView is null ? null : await baseView.ReadFileAsync(resolved, cancellationToken).ConfigureAwait(false);
    }
}
