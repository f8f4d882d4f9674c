namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// What a stack of lower directories shows at a path, as overlayfs resolves it: the topmost entry wins, a whiteout
/// device hides the name below it, an opaque directory hides everything below it. A plain directory (a merged
/// snapshot) is a stack of one.
/// </summary>
internal sealed class LowerView(IReadOnlyList<string> lowersTopFirst)
{
    private readonly Dictionary<string, LowerEntry?> resolved = new(StringComparer.Ordinal);

    /// <summary>The entry the lower stack shows at <paramref name="relative"/> ('/'-separated, no leading '/'); null when none.</summary>
    public LowerEntry? Find(string relative)
    {
        if (resolved.TryGetValue(relative, out var known))
        {
            return known;
        }

        var found = Resolve(relative);
        resolved[relative] = found;
        return found;
    }

    private LowerEntry? Resolve(string relative)
    {
        var segments = relative.Split('/');
        foreach (var lower in lowersTopFirst)
        {
            var blocked = false;
            var current = lower;
            var missing = false;
            for (var i = 0; i < segments.Length - 1; i++)
            {
                current = Path.Join(current, segments[i]);
                var ancestor = OverlayNative.TryLStat(current);
                if (ancestor is null)
                {
                    missing = true;
                    break;
                }

                if (!ancestor.Value.IsDirectory)
                {
                    return null; // A whiteout or a file here hides the whole path below.
                }

                blocked |= IsOpaque(current);
            }

            if (!missing)
            {
                var path = Path.Join(current, segments[^1]);
                if (OverlayNative.TryLStat(path) is { } stat)
                {
                    return stat.IsOverlayWhiteout ? null : new LowerEntry(path, stat);
                }
            }

            if (blocked)
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsOpaque(string directory) => OverlayNative.GetXattr(directory, OverlayWhiteouts.OpaqueAttribute) == "y";
}

/// <summary>An entry of the lower stack: where it physically is, and its status.</summary>
internal readonly record struct LowerEntry(string Path, EntryStat Stat);
