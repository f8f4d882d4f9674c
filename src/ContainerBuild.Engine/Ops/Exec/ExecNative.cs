using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>Ownership changes .NET has no API for. DllImport because this assembly does not allow unsafe code.</summary>
internal static class ExecNative
{
    /// <exception cref="Win32Exception">The kernel refused (not root, no CAP_CHOWN).</exception>
    public static void Chown(string path, uint uid, uint gid)
    {
        if (LChown(path, uid, gid) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"lchown {path} {uid}:{gid}");
        }
    }

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint uid, uint gid);
}
