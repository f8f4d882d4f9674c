using ContainerBuild.Graph.Pb;
using Google.Protobuf;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>BuildKit's normalisation of an ExecOp before it is hashed (protocol §5).</summary>
internal static class ExecCacheKey
{
    /// <summary>
    /// The op's protobuf encoding (base64) without what does not decide its output: proxy variables, extra host
    /// addresses, mount selectors (keyed per input instead), custom cache ids and sharing modes. Secret and ssh ids
    /// stay; their contents never enter. The binary encoding, not JSON: it is deterministic (no maps in an ExecOp) and
    /// needs no descriptor reflection, which costs a fresh process more than the rest of a cached solve.
    /// </summary>
    public static string Normalised(ExecOp exec)
    {
        var copy = exec.Clone();
        if (copy.Meta is { } meta)
        {
            meta.ProxyEnv = null;
            foreach (var host in meta.ExtraHosts)
            {
                host.IP = "";
            }
        }

        foreach (var mount in copy.Mounts)
        {
            mount.Selector = "";
            if (mount.CacheOpt is { } cache)
            {
                if (!IsDefaultCacheId(cache.ID, mount.Dest))
                {
                    cache.ID = "";
                }

                cache.Sharing = CacheSharingOpt.Shared;
            }
        }

        if (copy.Mounts.Count == 1 && copy.Mounts[0] is { Dest: "/", MountType: MountType.Bind, Selector: "" })
        {
            copy.Mounts.Clear(); // BuildKit's compatibility rule for the plain rootfs-only op.
        }

        return Convert.ToBase64String(copy.ToByteArray());
    }

    // The frontend's default id is the target, or "<namespace>/<target>".
    private static bool IsDefaultCacheId(string id, string dest) =>
        id == dest || id.EndsWith("/" + dest.TrimStart('/'), StringComparison.Ordinal);
}
