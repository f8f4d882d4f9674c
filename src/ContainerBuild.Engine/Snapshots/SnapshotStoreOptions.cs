namespace ContainerBuild.Engine.Snapshots;

/// <summary>How a snapshot of a chain is made when a snapshot of a shorter prefix of it exists.</summary>
public enum SnapshotCopyMode
{
    /// <summary>
    /// Hard-link copy the prefix's snapshot (<c>cp -al</c>: new directories, linked files) and extract only the
    /// layers above it. Safe because the extractor replaces a file by unlinking it and never writes through an
    /// existing one. Falls back to <see cref="Extract"/> where <c>cp -al</c> is not available or fails.
    /// </summary>
    HardLink,

    /// <summary>Extract every layer of the chain from the bottom into a fresh directory.</summary>
    Extract,
}

/// <summary>How a <see cref="SnapshotStore"/> makes and guards snapshots.</summary>
public sealed record SnapshotStoreOptions
{
    public SnapshotCopyMode CopyMode { get; init; } = SnapshotCopyMode.HardLink;

    /// <summary>How long to wait for another build that is making the same snapshot.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Temp directories younger than this are left alone by cleanup even when no lock holds them.</summary>
    public TimeSpan TempGracePeriod { get; init; } = TimeSpan.FromMinutes(1);
}
