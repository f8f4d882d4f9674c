namespace ContainerBuild.Layers;

/// <summary>The tar entry types the writer produces.</summary>
internal enum PlannedType
{
    File,
    Directory,
    Symlink,
    HardLink,
}

/// <summary>One tar entry, fully decided: normalised path, mode, owner, clamped mtime, content.</summary>
internal sealed record PlannedEntry(
    string Path,
    PlannedType Type,
    int Mode,
    LayerOwner Owner,
    long ModifiedSeconds,
    LayerFileSource? Source,
    string? LinkTarget)
{
    public long Size => Type == PlannedType.File ? Source?.Length ?? 0 : 0;
}
