using System.Runtime.InteropServices;

namespace ContainerBuild.Engine.Exec;

/// <summary>The caller's resource limits (<c>getrlimit</c>), which a container's rlimits must not exceed without CAP_SYS_RESOURCE.</summary>
public static class HostLimits
{
    /// <summary>RLIM_INFINITY, which is also how the OCI spec writes "unlimited".</summary>
    public const ulong Unlimited = ulong.MaxValue;

    private static readonly Dictionary<string, int> Resources = new(StringComparer.Ordinal)
    {
        ["cpu"] = 0,
        ["fsize"] = 1,
        ["data"] = 2,
        ["stack"] = 3,
        ["core"] = 4,
        ["rss"] = 5,
        ["nproc"] = 6,
        ["nofile"] = 7,
        ["memlock"] = 8,
        ["as"] = 9,
        ["locks"] = 10,
        ["sigpending"] = 11,
        ["msgqueue"] = 12,
        ["nice"] = 13,
        ["rtprio"] = 14,
        ["rttime"] = 15,
    };

    /// <summary>Docker's <c>--ulimit</c> names (<c>nofile</c>, <c>nproc</c>, ...).</summary>
    public static IEnumerable<string> Names => Resources.Keys;

    /// <summary>The OCI spec's type for a Docker name: <c>nofile</c> is <c>RLIMIT_NOFILE</c>.</summary>
    /// <exception cref="ArgumentException">The name is not a limit Linux knows.</exception>
    public static string OciType(string name) =>
        Resources.ContainsKey(name) ? "RLIMIT_" + name.ToUpperInvariant() : throw new ArgumentException($"'{name}' is not a resource limit; use one of {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The caller's soft and hard limit for a Docker name; unlimited where the platform has no getrlimit.</summary>
    public static (ulong Soft, ulong Hard) Get(string name)
    {
        OciType(name);
        if (!OperatingSystem.IsLinux())
        {
            return (Unlimited, Unlimited);
        }

        if (GetRlimit(Resources[name], out var limit) != 0)
        {
            throw new IOException($"getrlimit({name}) failed: {new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }

        return (limit.Current, limit.Maximum);
    }

    /// <summary>A requested limit (-1 for unlimited) lowered to the caller's hard limit, soft no higher than hard.</summary>
    public static (ulong Soft, ulong Hard) Clamp(string name, long soft, long hard)
    {
        var callerHard = Get(name).Hard;
        var clampedHard = Math.Min(ToRlim(hard), callerHard);
        return (Math.Min(ToRlim(soft), clampedHard), clampedHard);
    }

    private static ulong ToRlim(long value) => value < 0 ? Unlimited : (ulong)value;

    // rlim_t is 64-bit on every 64-bit Linux; DllImport because this assembly does not allow unsafe code.
    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetRlimit(int resource, out Rlimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Rlimit
    {
        public readonly ulong Current;
        public readonly ulong Maximum;
    }
}
