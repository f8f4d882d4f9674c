namespace ContainerBuild.Layers;

/// <summary>The kinds of tar entries a layer may hold.</summary>
public enum LayerEntryType
{
    File,
    Directory,
    Symlink,
    HardLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
}

/// <summary>One entry of a layer as read from its tar header (PAX values applied); the path is as written in the tar.</summary>
public sealed record LayerEntryInfo(
    string Path,
    LayerEntryType Type,
    int Mode,
    long UserId,
    long GroupId,
    long Size,
    string? LinkTarget,
    DateTimeOffset ModifiedTime,
    string? UserName,
    string? GroupName,
    int DeviceMajor,
    int DeviceMinor);
