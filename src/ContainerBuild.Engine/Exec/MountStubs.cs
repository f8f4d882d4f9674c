using ContainerBuild.Engine.Local;

namespace ContainerBuild.Engine.Exec;

/// <summary>
/// Mount targets missing from the root filesystem, which the runtime creates as empty files or directories (in the
/// overlay's upper directory, so in the layer): recorded before a run and removed after it when still empty, as
/// BuildKit does, so a RUN's layer holds only what its command wrote.
/// </summary>
public static class MountStubs
{
    /// <summary>For each target that does not exist yet: the first missing path element and the target, both relative to the root.</summary>
    public static IReadOnlyList<MountStub> Find(string rootfs, IEnumerable<string> targets)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(targets);
        var stubs = new List<MountStub>();
        foreach (var target in targets)
        {
            var relative = ScopedPath.Resolve(rootfs, target, followFinal: true);
            if (relative.Length == 0)
            {
                continue;
            }

            var elements = relative.Split('/');
            for (var length = 1; length <= elements.Length; length++)
            {
                var prefix = string.Join('/', elements[..length]);
                if (NativeStat.TryLStat(Path.Join(rootfs, prefix)) is null)
                {
                    stubs.Add(new MountStub(prefix, relative));
                    break;
                }
            }
        }

        return stubs;
    }

    /// <summary>Removes each stub that is still empty: the target, then its parents up to the first missing element.</summary>
    public static void Remove(string rootfs, IEnumerable<MountStub> stubs)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(stubs);
        foreach (var stub in stubs.OrderByDescending(s => s.Target.Length))
        {
            for (var path = stub.Target; path.Length >= stub.FirstMissing.Length; path = Path.GetDirectoryName(path) ?? "")
            {
                if (!TryRemoveEmpty(Path.Join(rootfs, path)) || path == stub.FirstMissing)
                {
                    break;
                }
            }
        }
    }

    private static bool TryRemoveEmpty(string path)
    {
        try
        {
            var status = NativeStat.TryLStat(path);
            if (status is null)
            {
                return true; // Already gone (another stub's removal took it): keep climbing.
            }

            if (Directory.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                if (Directory.EnumerateFileSystemEntries(path).Any())
                {
                    return false;
                }

                Directory.Delete(path);
                return true;
            }

            var file = new FileInfo(path);
            if (file.Exists && file.LinkTarget is null && file.Length == 0)
            {
                file.Delete();
                return true;
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // Still in use or not ours to remove: a stub left behind is only an empty entry.
        }
    }
}
