namespace ContainerBuild.Layers;

/// <summary>The permission modes the writer uses when none is given (C# has no octal literals, hence binary).</summary>
public static class UnixMode
{
    /// <summary>0644: rw-r--r--.</summary>
    public const int File = 0b110_100_100;

    /// <summary>0755: rwxr-xr-x, for directories and executables.</summary>
    public const int Executable = 0b111_101_101;

    /// <summary>0777: what every symlink has.</summary>
    public const int Symlink = 0b111_111_111;

    /// <summary>0100: the owner's execute bit.</summary>
    public const int OwnerExecute = 0b001_000_000;

    /// <summary>07777: permission, setuid, setgid and sticky bits.</summary>
    public const int PermissionMask = 0xFFF;

    /// <summary>Parses an octal mode such as "0755".</summary>
    public static int Parse(string octal) => Convert.ToInt32(octal, 8);
}
