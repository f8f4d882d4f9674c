using System.Globalization;
using System.Runtime.InteropServices;
using ContainerBuild.Engine.Local;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exec;

/// <summary>
/// Whether this host can execute a platform's binaries: natively, or through a binfmt_misc handler (qemu-user)
/// that matches the platform's ELF header, is enabled, and can be reached from inside the container.
/// </summary>
public static class Binfmt
{
    /// <summary>Where the kernel's binfmt_misc is mounted.</summary>
    public const string DefaultDirectory = "/proc/sys/fs/binfmt_misc";

    // OCI architecture -> (ELF class, ELF data encoding, e_machine, qemu's name).
    private static readonly Dictionary<string, (byte Class, byte Data, ushort Machine, string Qemu)> Elf = new(StringComparer.Ordinal)
    {
        ["amd64"] = (2, 1, 62, "x86_64"),
        ["386"] = (1, 1, 3, "i386"),
        ["arm64"] = (2, 1, 183, "aarch64"),
        ["arm"] = (1, 1, 40, "arm"),
        ["ppc64le"] = (2, 1, 21, "ppc64le"),
        ["ppc64"] = (2, 2, 21, "ppc64"),
        ["s390x"] = (2, 2, 22, "s390x"),
        ["riscv64"] = (2, 1, 243, "riscv64"),
        ["mips64le"] = (2, 1, 8, "mips64el"),
        ["mips64"] = (2, 2, 8, "mips64"),
        ["loong64"] = (2, 1, 258, "loongarch64"),
    };

    /// <summary>The host's OCI architecture (<c>amd64</c>, <c>arm64</c>, ...).</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm or Architecture.Armv6 => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether the host runs the platform's binaries without emulation (amd64 also runs 386).</summary>
    public static bool IsNative(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var host = HostArchitecture;
        return platform.Architecture == host || (host == "amd64" && platform.Architecture == "386");
    }

    /// <summary>
    /// Throws unless the platform's binaries can run here: natively, or through an enabled binfmt_misc handler that
    /// is either registered with the F flag (the kernel opened the interpreter already) or whose interpreter is in
    /// <paramref name="rootfs"/>.
    /// </summary>
    /// <exception cref="EmulationUnavailableException">No usable handler.</exception>
    public static void EnsureCanRun(Platform platform, string rootfs, string binfmtDirectory = DefaultDirectory)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(rootfs);
        if (IsNative(platform))
        {
            return;
        }

        var wanted = $"{platform.OS}/{platform.Architecture}";
        var host = $"linux/{HostArchitecture}";
        if (!Elf.TryGetValue(platform.Architecture, out var elf))
        {
            throw new EmulationUnavailableException(wanted, host, $"no known emulator for the architecture '{platform.Architecture}'", "update-binfmts --display");
        }

        var register = $"update-binfmts --enable qemu-{elf.Qemu}";
        var status = Path.Combine(binfmtDirectory, "status");
        if (!File.Exists(status))
        {
            throw new EmulationUnavailableException(wanted, host, $"binfmt_misc is not mounted at {binfmtDirectory}", $"mount -t binfmt_misc binfmt_misc {binfmtDirectory} && {register}");
        }

        if (!File.ReadAllText(status).Trim().Equals("enabled", StringComparison.Ordinal))
        {
            throw new EmulationUnavailableException(wanted, host, "binfmt_misc is disabled", $"echo 1 > {status} && {register}");
        }

        string? unreachable = null;
        foreach (var handler in Directory.EnumerateFiles(binfmtDirectory))
        {
            var name = Path.GetFileName(handler);
            if (name is "status" or "register" || ReadHandler(handler) is not { } entry || !entry.Enabled || !Matches(entry, elf.Class, elf.Data, elf.Machine))
            {
                continue;
            }

            if (entry.Flags.Contains('F', StringComparison.Ordinal) || InterpreterExists(rootfs, entry.Interpreter))
            {
                return;
            }

            unreachable = $"the handler '{name}' has no F flag and its interpreter {entry.Interpreter} is not in the image";
        }

        throw new EmulationUnavailableException(wanted, host, unreachable ?? $"no enabled binfmt_misc handler for {elf.Qemu} ELF binaries", register);
    }

    private static bool InterpreterExists(string rootfs, string interpreter) =>
        interpreter.Length > 0 && File.Exists(Path.Join(rootfs, ScopedPath.Resolve(rootfs, interpreter, followFinal: true)));

    /// <summary>Whether the handler's magic and mask accept an ELF executable or shared object of this class, encoding and machine.</summary>
    private static bool Matches(Handler handler, byte elfClass, byte data, ushort machine)
    {
        foreach (ushort type in (ushort[])[2, 3])
        {
            var header = new byte[20];
            header[0] = 0x7f;
            header[1] = (byte)'E';
            header[2] = (byte)'L';
            header[3] = (byte)'F';
            header[4] = elfClass;
            header[5] = data;
            header[6] = 1;
            WriteHalf(header.AsSpan(16), type, data);
            WriteHalf(header.AsSpan(18), machine, data);
            if (handler.Offset + handler.Magic.Length <= header.Length && MatchesAt(header, handler))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesAt(byte[] header, Handler handler)
    {
        for (var i = 0; i < handler.Magic.Length; i++)
        {
            var mask = i < handler.Mask.Length ? handler.Mask[i] : (byte)0xff;
            if ((header[handler.Offset + i] & mask) != (handler.Magic[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteHalf(Span<byte> into, ushort value, byte data)
    {
        (into[0], into[1]) = data == 1 ? ((byte)value, (byte)(value >> 8)) : ((byte)(value >> 8), (byte)value);
    }

    private static Handler? ReadHandler(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var enabled = lines.Length > 0 && lines[0].Trim() == "enabled";
        string Field(string prefix) => lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim() ?? "";
        var magic = Field("magic ");
        if (magic.Length == 0)
        {
            return null; // An extension handler, not a magic one.
        }

        return new Handler(
            enabled,
            Field("interpreter "),
            Field("flags:"),
            int.TryParse(Field("offset "), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0,
            Convert.FromHexString(magic),
            Field("mask ") is { Length: > 0 } mask ? Convert.FromHexString(mask) : []);
    }

    private sealed record Handler(bool Enabled, string Interpreter, string Flags, int Offset, byte[] Magic, byte[] Mask);
}
