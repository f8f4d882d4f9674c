using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// Removes what an OCI runtime made only to mount over (an empty file or directory at a bind-mount target such as
/// <c>/etc/hosts</c>, and the empty parents it made for it), so the layer holds what the command did and no more.
/// </summary>
internal static class MountStubs
{
    /// <summary>Removes the stubs from <paramref name="newRoot"/>: targets the lower tree lacks that are empty; returns those removed.</summary>
    /// <param name="newRoot">The upper dir of an overlay, or the copied root filesystem.</param>
    /// <param name="existedBelow">Whether the lower tree holds a path.</param>
    /// <param name="targets">The mount targets of the run, as paths inside the root filesystem.</param>
    public static IReadOnlyList<string> Remove(string newRoot, Func<string, bool> existedBelow, IEnumerable<string> targets)
    {
        var removed = new List<string>();
        foreach (var target in targets.Select(LayerPath.Normalize).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (existedBelow(target) || !TryRemoveEmpty(Path.Join(newRoot, target)))
            {
                continue;
            }

            removed.Add(target);
            for (var parent = LayerPath.Parent(target); parent.Length > 0 && !existedBelow(parent); parent = LayerPath.Parent(parent))
            {
                if (!TryRemoveEmpty(Path.Join(newRoot, parent)))
                {
                    break;
                }

                removed.Add(parent);
            }
        }

        return removed;
    }

    private static bool TryRemoveEmpty(string path)
    {
        switch (OverlayNative.TryLStat(path))
        {
            case { IsRegularFile: true, Size: 0 }:
                File.Delete(path);
                return true;
            case { IsDirectory: true } when !Directory.EnumerateFileSystemEntries(path).Any():
                Directory.Delete(path);
                return true;
            default:
                return false;
        }
    }
}
