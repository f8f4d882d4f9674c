using System.Runtime.InteropServices;

namespace ContainerBuild.DotNet;

/// <summary>link(2), which .NET has no API for. DllImport because this assembly does not allow unsafe code.</summary>
internal static class HardLinks
{
    /// <summary>Makes <paramref name="created"/> a second name of <paramref name="existing"/>; false where links cannot be made (another file system, no support).</summary>
    public static bool TryCreate(string existing, string created)
    {
        try
        {
            return Link(existing, created) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
}
