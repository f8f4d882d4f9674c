using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ContainerBuild.Engine.Local;

/// <summary>
/// <c>lstat</c> with owner, inode and change time, which .NET has no API for: Linux's <c>statx</c> (fixed layout on
/// every architecture), or the managed file info elsewhere (owner and inode then read as 0).
/// </summary>
internal static class NativeStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;
    private const int StatxSize = 256;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    private static bool statxMissing = !OperatingSystem.IsLinux();

    [ThreadStatic]
    private static byte[]? statxBuffer;

    /// <summary>The status of <paramref name="path"/> without following a final symlink, or null when it does not exist.</summary>
    public static FileStatus? TryLStat(string path)
    {
        if (!statxMissing)
        {
            try
            {
                return TryStatx(path);
            }
            catch (EntryPointNotFoundException)
            {
                statxMissing = true;
            }
        }

        return TryManaged(path);
    }

    private static FileStatus? TryStatx(string path)
    {
        var buffer = statxBuffer ??= new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return null;
            }

            throw new IOException($"{path}: {new System.ComponentModel.Win32Exception(errno).Message}", errno);
        }

        var span = buffer.AsSpan();
        return new FileStatus(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Size: (long)BinaryPrimitives.ReadUInt64LittleEndian(span[40..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(span[32..]),
            ModifiedNanoseconds: Timestamp(span[112..]),
            ChangedNanoseconds: Timestamp(span[96..]));
    }

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; }
    private static long Timestamp(ReadOnlySpan<byte> bytes) =>
        (BinaryPrimitives.ReadInt64LittleEndian(bytes) * 1_000_000_000L) + BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);

    private static FileStatus? TryManaged(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists)
        {
            info = new DirectoryInfo(path);
            if (!info.Exists)
            {
                return null;
            }
        }

        var type = info.LinkTarget is not null ? FileStatus.SymlinkType
            : info is DirectoryInfo ? FileStatus.DirectoryType
            : FileStatus.RegularType;
        var permissions = OperatingSystem.IsWindows() ? (type == FileStatus.RegularType ? 0b110_100_100 : 0b111_101_101) : (int)info.UnixFileMode;
        var size = info is FileInfo file && type == FileStatus.RegularType ? file.Length : 0;
        var modified = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
        return new FileStatus(type | permissions, 0, 0, size, 0, modified, modified);
    }

    // statx is in glibc since 2.28 and in musl since 1.2.5; DllImport because this assembly does not allow unsafe code.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
