namespace ContainerBuild.Engine.Store;

/// <summary>
/// The store's locks are .NET's own: a <see cref="FileStream"/> opened with <see cref="FileShare.None"/> holds
/// <c>flock(LOCK_EX)</c> on Unix (and a share lock on Windows), which the OS drops when the process dies.
/// Setting <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> turns these locks off and with them the store's coordination.
/// </summary>
internal static class FileLocking
{
    private const int EwouldblockLinux = 11;
    private const int EwouldblockMacOs = 35;
    private const int WindowsSharingViolation = unchecked((int)0x80070020);
    private const int WindowsLockViolation = unchecked((int)0x80070021);

    /// <summary>Opens <paramref name="path"/> with an exclusive lock, or returns null when someone else holds it.</summary>
    public static FileStream? TryOpenExclusive(string path, FileMode mode, FileAccess access)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, BufferSize = 0 });
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> (made when missing) for reading with a shared lock (<c>flock(LOCK_SH)</c> on Unix:
    /// other shared holders come in, an exclusive one does not), or returns null when an exclusive holder has it.
    /// </summary>
    public static FileStream? TryOpenShared(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 0 });
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
    }

    /// <summary>Whether opening failed only because another handle holds the file's lock.</summary>
    public static bool IsHeldElsewhere(IOException exception) =>
        exception.GetType() == typeof(IOException)
        && exception.HResult is EwouldblockLinux or EwouldblockMacOs or WindowsSharingViolation or WindowsLockViolation;
}
