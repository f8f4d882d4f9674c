using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ContainerBuild.Layers;

/// <summary>The POSIX calls extraction needs and .NET has no API for: hard links, lchown, mknod, realpath.</summary>
internal static partial class NativeFiles
{
    private const uint CharacterDevice = 0x2000; // S_IFCHR
    private const uint BlockDevice = 0x6000; // S_IFBLK
    private const uint Fifo = 0x1000; // S_IFIFO

    public static void HardLink(string existing, string created) => Check(Link(existing, created), created);

    public static void ChangeOwner(string path, long uid, long gid) => Check(LChown(path, (uint)uid, (uint)gid), path);

    public static void MakeNode(string path, LayerEntryType type, int mode, int major, int minor)
    {
        var kind = type switch
        {
            LayerEntryType.CharacterDevice => CharacterDevice,
            LayerEntryType.BlockDevice => BlockDevice,
            _ => Fifo,
        };
        Check(MkNod(path, kind | (uint)(mode & 0xFFF), MakeDevice((uint)major, (uint)minor)), path);
    }

    /// <summary>The physical path with every symlink resolved, or null when some part does not exist.</summary>
    public static string? RealPath(string path)
    {
        var result = RealPathNative(path, IntPtr.Zero);
        if (result == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            Free(result);
        }
    }

    // glibc's gnu_dev_makedev.
    private static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    private static void Check(int result, string path)
    {
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{path}: {new Win32Exception(errno).Message}", errno);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string created);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNod(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
