using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// The Linux calls overlay snapshots need and .NET has no API for: mount, umount2, statx (with device numbers),
/// extended attributes, mknod and O_PATH descriptors. DllImport because this assembly does not allow unsafe code.
/// </summary>
internal static class OverlayNative
{
    public const int Eperm = 1;
    public const int Enoent = 2;
    public const int Ebusy = 16;
    public const int Einval = 22;
    public const int Enodev = 19;
    public const int Enodata = 61;
    public const int Enotdir = 20;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;
    private const uint StatxBirthTime = 0x800;
    private const int StatxSize = 256;
    private const int MntDetach = 2;
    private const int OPath = 0x200000;     // O_PATH: the same number on every Linux architecture
    private const int OCloexec = 0x80000;   // O_CLOEXEC

    [ThreadStatic]
    private static byte[]? statxBuffer;

    /// <summary>lstat of <paramref name="path"/>, or null when it does not exist.</summary>
    public static EntryStat? TryLStat(string path)
    {
        var buffer = statxBuffer ??= new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats | StatxBirthTime, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Enoent or Enotdir ? null : throw Failure(path, errno);
        }

        var span = buffer.AsSpan();
        return new EntryStat(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(span[32..]),
            LinkCount: BinaryPrimitives.ReadUInt32LittleEndian(span[16..]),
            ModifiedNanoseconds: Timestamp(span[112..]),
            DeviceMajor: BinaryPrimitives.ReadUInt32LittleEndian(span[128..]),
            DeviceMinor: BinaryPrimitives.ReadUInt32LittleEndian(span[132..]),
            BirthNanoseconds: (BinaryPrimitives.ReadUInt32LittleEndian(span) & StatxBirthTime) == 0 ? 0 : Timestamp(span[80..]));
    }

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; }
    private static long Timestamp(ReadOnlySpan<byte> bytes) =>
        (BinaryPrimitives.ReadInt64LittleEndian(bytes) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);

    public static EntryStat LStat(string path) => TryLStat(path) ?? throw new FileNotFoundException($"{path} does not exist.", path);

    /// <summary>The value of an extended attribute of <paramref name="path"/> itself (not a symlink's target); null when unset.</summary>
    public static string? GetXattr(string path, string name)
    {
        var buffer = new byte[256];
        var length = LGetXattr(path, name, buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Enodata ? null : throw Failure(path, errno);
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    public static void SetXattr(string path, string name, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Check(LSetXattr(path, name, bytes, (nuint)bytes.Length, 0), path);
    }

    /// <summary>Creates overlayfs's whiteout: a character device 0:0 with no permissions.</summary>
    public static void MakeWhiteout(string path) => Check(MkNod(path, EntryStat.CharacterDeviceType, 0), path);

    /// <summary>mount(2); the errno on failure (0 on success).</summary>
    public static int Mount(string source, string target, string type, string data) =>
        MountNative(source, target, type, 0, data) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>umount2(2), lazily (detached now, released when unused) when <paramref name="detach"/>; the errno (0 on success).</summary>
    public static int Unmount(string target, bool detach) =>
        Umount2(target, detach ? MntDetach : 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>A descriptor that names <paramref name="path"/> (O_PATH), for <c>/proc/self/fd/N</c> paths.</summary>
    public static SafeFileDescriptor OpenPath(string path)
    {
        var fd = Open(path, OPath | OCloexec);
        if (fd < 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }

        return new SafeFileDescriptor(fd);
    }

    public static string Describe(int errno) => new Win32Exception(errno).Message;

    private static void Check(int result, string path)
    {
        if (result != 0)
        {
            throw Failure(path, Marshal.GetLastPInvokeError());
        }
    }

    private static IOException Failure(string path, int errno) => new($"{path}: {Describe(errno)}", errno);

    /// <summary>A file descriptor closed on dispose.</summary>
    internal sealed class SafeFileDescriptor(int fd) : IDisposable
    {
        public int Value { get; } = fd;

        public void Dispose() => Close(Value);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "lgetxattr", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint LGetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [Out] byte[] value, nuint size);

    [DllImport("libc", EntryPoint = "lsetxattr", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LSetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte[] value, nuint size, int flags);

    [DllImport("libc", EntryPoint = "mknod", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MkNod([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode, ulong device);

    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MountNative(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string source,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string target,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string type,
        nuint flags,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string data);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
