namespace ContainerBuild.Layers;

/// <summary>
/// One thing a layer holds. The path is where it lands in the image; the writer normalises it.
/// Mode, owner and mtime are optional: the writer fills them from the entry's source or the options.
/// </summary>
public abstract record LayerEntry
{
    private protected LayerEntry(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
    }

    /// <summary>The path inside the image ('/usr/bin/app' and 'usr/bin/app' are the same).</summary>
    public string Path { get; init; }

    /// <summary>Permission bits (07777); null for the entry's own or default mode.</summary>
    public int? Mode { get; init; }

    /// <summary>Owner; null for <see cref="LayerWriterOptions.DefaultOwner"/>.</summary>
    public LayerOwner? Owner { get; init; }

    /// <summary>Modification time before the source-date policy applies; null for the source date.</summary>
    public DateTimeOffset? ModifiedTime { get; init; }
}

/// <summary>A regular file with its content.</summary>
public sealed record LayerFile(string Path, LayerFileSource Source) : LayerEntry(Path);

/// <summary>A directory (parents of other entries are synthesised when not given).</summary>
public sealed record LayerDirectory(string Path) : LayerEntry(Path);

/// <summary>A symbolic link; the target is written as given.</summary>
public sealed record LayerSymlink(string Path, string Target) : LayerEntry(Path);

/// <summary>A hard link to a regular file elsewhere in the same layer.</summary>
public sealed record LayerHardLink(string Path, string Target) : LayerEntry(Path);

/// <summary>A deletion of <see cref="LayerEntry.Path"/> from the layers below (written as <c>.wh.NAME</c>).</summary>
public sealed record LayerWhiteout(string Path) : LayerEntry(Path);

/// <summary>Hides everything the layers below hold in a directory (written as <c>DIR/.wh..wh..opq</c>).</summary>
public sealed record LayerOpaqueWhiteout(string Path) : LayerEntry(Path);
