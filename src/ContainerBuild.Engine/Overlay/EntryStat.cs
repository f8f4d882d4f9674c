namespace ContainerBuild.Engine.Overlay;

/// <summary>What <c>lstat</c> says of one entry of a tree: what a layer diff compares and what overlayfs marks with.</summary>
internal readonly record struct EntryStat(
    int Mode,
    long Uid,
    long Gid,
    long Size,
    ulong Inode,
    uint LinkCount,
    long ModifiedNanoseconds,
    uint DeviceMajor,
    uint DeviceMinor,
    long BirthNanoseconds)
{
    public const int TypeMask = 0xF000;           // S_IFMT
    public const int DirectoryType = 0x4000;      // S_IFDIR
    public const int RegularType = 0x8000;        // S_IFREG
    public const int SymlinkType = 0xA000;        // S_IFLNK
    public const int CharacterDeviceType = 0x2000; // S_IFCHR

    public int Type => Mode & TypeMask;

    public bool IsDirectory => Type == DirectoryType;

    public bool IsRegularFile => Type == RegularType;

    public bool IsSymlink => Type == SymlinkType;

    /// <summary>Overlayfs's whiteout: a character device 0:0.</summary>
    public bool IsOverlayWhiteout => Type == CharacterDeviceType && DeviceMajor == 0 && DeviceMinor == 0;

    /// <summary>Permission, setuid, setgid and sticky bits.</summary>
    public int Permissions => Mode & 0xFFF;

    /// <summary>
    /// What tells this inode from a later one that reuses its number (a directory removed and made again often gets
    /// the same one back): the inode number with the birth time, where the filesystem reports one (0 otherwise).
    /// </summary>
    public (ulong Inode, long Birth) Identity => (Inode, BirthNanoseconds);

    public DateTimeOffset ModifiedTime =>
        DateTimeOffset.UnixEpoch.AddTicks(ModifiedNanoseconds / 100);
}
