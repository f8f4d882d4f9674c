namespace ContainerBuild.Engine.Local;

/// <summary>What <c>lstat</c> says of one path: the facts a checksum or its cache needs.</summary>
internal readonly record struct FileStatus(
    int Mode,
    long Uid,
    long Gid,
    long Size,
    ulong Inode,
    long ModifiedNanoseconds,
    long ChangedNanoseconds)
{
    public const int TypeMask = 0xF000;      // S_IFMT
    public const int DirectoryType = 0x4000; // S_IFDIR
    public const int RegularType = 0x8000;   // S_IFREG
    public const int SymlinkType = 0xA000;   // S_IFLNK

    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    public bool IsSymlink => (Mode & TypeMask) == SymlinkType;

    /// <summary>Permission, setuid, setgid and sticky bits.</summary>
    public int Permissions => Mode & 0xFFF;
}
