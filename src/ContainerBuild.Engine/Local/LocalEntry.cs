namespace ContainerBuild.Engine.Local;

/// <summary>
/// One entry of a local directory walk. <see cref="Path"/> is relative to the walked directory, '/'-separated,
/// without a leading slash. <see cref="Permissions"/> holds the permission, setuid, setgid and sticky bits.
/// </summary>
public sealed record LocalEntry(
    string Path,
    LocalEntryType Type,
    int Permissions,
    long Uid,
    long Gid,
    long Size,
    string? LinkTarget,
    DateTimeOffset ModifiedTime,
    string FullPath)
{
    internal FileStatus Status { get; init; }

    /// <summary>The last path element.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>Opens a regular file's content for reading.</summary>
    public Stream OpenRead()
    {
        if (Type != LocalEntryType.File)
        {
            throw new InvalidOperationException($"'{Path}' is a {Type.ToString().ToLowerInvariant()}, which has no content to read.");
        }

        return new FileStream(FullPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.SequentialScan,
            BufferSize = 0,
        });
    }
}
