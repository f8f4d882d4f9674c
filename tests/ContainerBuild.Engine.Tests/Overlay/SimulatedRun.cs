using System.Runtime.InteropServices;
using System.Text;

namespace ContainerBuild.Engine.Tests.Overlay;

/// <summary>
/// What a RUN does to its root filesystem, done with plain file operations in the mounted directory (the runtime
/// itself is another test's business), and the mount stubs a runtime would make for its bind mounts.
/// </summary>
/// <param name="DeletedFile">A file of the image to delete.</param>
/// <param name="ReplacedDirectory">A directory of the image to delete and make again.</param>
/// <param name="TouchedFile">A file of the image whose mtime alone changes.</param>
internal sealed record SimulatedRun(string DeletedFile, string ReplacedDirectory, string TouchedFile)
{
    public const int AppUid = 1000;
    public const int AppGid = 1000;

    public static SimulatedRun Busybox { get; } = new("bin/ls", "home", "bin/busybox");

    public static SimulatedRun Debian { get; } = new("etc/debian_version", "etc/default", "etc/issue");

    /// <summary>The bind-mount targets of the run: /etc/hosts, and a data directory under a folder the image lacks.</summary>
    public static IReadOnlyList<string> MountTargets { get; } = ["/etc/hosts", "/mnt/cb-data/cache"];

    public static byte[] NewContent { get; } = Encoding.UTF8.GetBytes("made by the run\n");

    public static byte[] AppendedLine { get; } = Encoding.UTF8.GetBytes("app:x:1000:1000::/app:/bin/sh\n");

    /// <summary>Makes the stubs a runtime makes for <see cref="MountTargets"/> that the image lacks.</summary>
    public static void MakeMountStubs(string rootfs)
    {
        if (!File.Exists(Path.Combine(rootfs, "etc/hosts")))
        {
            File.WriteAllBytes(Path.Combine(rootfs, "etc/hosts"), []);
        }

        Directory.CreateDirectory(Path.Combine(rootfs, "mnt/cb-data/cache"));
    }

    public void Apply(string rootfs)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("A RUN's root filesystem is Linux's.");
        }

        string At(string relative) => Path.Combine(rootfs, relative);

        Directory.CreateDirectory(At("app"));
        File.SetUnixFileMode(At("app"), (UnixFileMode)0b111_101_000);
        Chown(At("app"), AppUid, AppGid);
        File.WriteAllBytes(At("app/new.txt"), NewContent);
        File.SetUnixFileMode(At("app/new.txt"), (UnixFileMode)0b110_100_000);
        Chown(At("app/new.txt"), AppUid, AppGid);
        File.CreateSymbolicLink(At("app/link"), "new.txt");

        using (var passwd = new FileStream(At("etc/passwd"), FileMode.Append))
        {
            passwd.Write(AppendedLine);
        }

        File.SetUnixFileMode(At("etc/group"), (UnixFileMode)0b110_000_000);
        Chown(At("etc/group"), 0, 42);

        File.Delete(At(DeletedFile));

        Directory.Delete(At(ReplacedDirectory), recursive: true);
        Directory.CreateDirectory(At(ReplacedDirectory));
        File.WriteAllText(At(ReplacedDirectory + "/fresh"), "only this\n");

        File.SetLastWriteTimeUtc(At(TouchedFile), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
    }

    private static void Chown(string path, int uid, int gid)
    {
        if (LChown(path, uid, gid) != 0)
        {
            throw new IOException($"lchown {path}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int uid, int gid);
}
