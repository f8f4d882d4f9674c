using System.Globalization;

namespace ContainerBuild.Engine.Exec;

/// <summary>Linux capability names for the OCI spec: Docker's default set, and every one the caller holds for insecure mode.</summary>
public static class Capabilities
{
    /// <summary>Docker's (and BuildKit's) default 14: enough for apt-get, which needs SETUID/SETGID to drop privileges.</summary>
    public static IReadOnlyList<string> DockerDefault { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Names by capability number (linux/capability.h).</summary>
    public static IReadOnlyList<string> ByNumber { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The bit mask of a set of names, as /proc/PID/status prints it (CapEff).</summary>
    public static ulong Mask(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var mask = 0UL;
        foreach (var name in names)
        {
            var number = IndexOf(name);
            mask |= number >= 0 ? 1UL << number : throw new ArgumentException($"'{name}' is not a capability this table knows.", nameof(names));
        }

        return mask;
    }

    /// <summary>
    /// Every capability in the caller's bounding set that this table names: what a privileged container can have,
    /// since asking the runtime for one the caller lacks (CAP_SYS_RESOURCE in some sandboxes) fails the start.
    /// </summary>
    public static IReadOnlyList<string> HeldByCaller()
    {
        var bounding = CallerBoundingSet();
        return [.. ByNumber.Where((_, number) => (bounding & (1UL << number)) != 0)];
    }

    private static ulong CallerBoundingSet()
    {
        const string Prefix = "CapBnd:";
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
            if (line is not null && ulong.TryParse(line[Prefix.Length..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask))
            {
                return mask;
            }
        }
        catch (IOException)
        {
            // No procfs: assume the full set and let the runtime say what it refuses.
        }

        return ulong.MaxValue;
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < ByNumber.Count; i++)
        {
            if (string.Equals(ByNumber[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
