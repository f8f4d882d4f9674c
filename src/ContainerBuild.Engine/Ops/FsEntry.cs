namespace ContainerBuild.Engine.Ops;

internal enum FsEntryType
{
    File,
    Directory,
    Symlink,
    HardLink,
    Other,
}

/// <summary>What a file action needs to know of a path in a state: its type, permission bits, owner and link target.</summary>
internal sealed record FsEntry(FsEntryType Type, int Mode, long Uid, long Gid, string? LinkTarget = null)
{
    public static FsEntry RootDirectory { get; } = new(FsEntryType.Directory, 0b111_101_101, 0, 0);

    public bool IsDirectory => Type == FsEntryType.Directory;
}
