using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// The writable root filesystem of one RUN over a layer chain: give <see cref="Path"/> to the OCI runtime, then read
/// what the run changed as a layer (or, read-only, a state's files to read). Dispose unmounts it (lazily when busy) and
/// removes its directories.
/// </summary>
public sealed class RootfsMount : IAsyncDisposable
{
    private readonly string directory;
    private readonly StoreLock held;
    private readonly IReadOnlyDictionary<string, (ulong Inode, long Birth)>? copiedDirectoryInodes;
    private bool mounted;
    private bool disposed;

    internal RootfsMount(
        RootfsKind kind,
        LayerChain lower,
        string directory,
        string path,
        StoreLock held,
        string? upperDirectory,
        IReadOnlyList<string> lowerDirectories,
        IReadOnlyDictionary<string, (ulong Inode, long Birth)>? copiedDirectoryInodes)
    {
        Kind = kind;
        Lower = lower;
        this.directory = directory;
        Path = path;
        this.held = held;
        UpperDirectory = upperDirectory;
        LowerDirectories = lowerDirectories;
        this.copiedDirectoryInodes = copiedDirectoryInodes;
        mounted = kind is RootfsKind.Overlay or RootfsKind.ReadOnlyOverlay;
    }

    public RootfsKind Kind { get; }

    /// <summary>The layers below.</summary>
    public LayerChain Lower { get; }

    /// <summary>The root filesystem: the overlay's mount point, or the copy.</summary>
    public string Path { get; }

    /// <summary>The overlay's upper dir (what the run wrote); null for a copy or a read-only mount.</summary>
    public string? UpperDirectory { get; }

    /// <summary>The lower directories, topmost first (for a copy: the merged snapshot it was copied from).</summary>
    public IReadOnlyList<string> LowerDirectories { get; }

    /// <summary>Unmounts the overlay (nothing for a copy); the upper dir stays to be read.</summary>
    /// <exception cref="IOException">The mount stays (another process holds it and cannot be detached).</exception>
    public void Unmount()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (mounted)
        {
            if (!MountTable.Unmount(Path))
            {
                throw new IOException($"The overlay root filesystem at {Path} could not be unmounted.");
            }

            mounted = false;
        }
    }

    /// <summary>
    /// What the run changed (unmounting the overlay first). Mount stubs, empty files or directories the runtime made at
    /// <paramref name="mountTargets"/> where the lower layers had nothing, are removed first, with the empty parents
    /// made for them.
    /// </summary>
    /// <exception cref="InvalidOperationException">A read-only mount: nothing was written to it.</exception>
    public Task<RootfsChanges> GetChangesAsync(IEnumerable<string>? mountTargets = null, CancellationToken cancellationToken = default)
    {
        if (Kind == RootfsKind.ReadOnlyOverlay)
        {
            throw new InvalidOperationException($"The read-only mount at {Path} has no changes to read.");
        }

        Unmount();
        var targets = mountTargets?.ToList() ?? [];
        return Task.Run(
            () => Kind == RootfsKind.Overlay
                ? UpperDirLayer.Changes(UpperDirectory!, LowerDirectories, targets, cancellationToken)
                : CopyDiff.Changes(LowerDirectories[0], Path, copiedDirectoryInodes!, targets, cancellationToken),
            cancellationToken);
    }

    /// <summary>Writes what the run changed as one reproducible layer blob to <paramref name="destination"/> (left open).</summary>
    public async Task<BuiltLayer> WriteLayerAsync(
        Stream destination,
        LayerWriterOptions? options = null,
        IEnumerable<string>? mountTargets = null,
        CancellationToken cancellationToken = default)
    {
        var changes = await GetChangesAsync(mountTargets, cancellationToken).ConfigureAwait(false);
        return await changes.WriteAsync(destination, options, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return ValueTask.CompletedTask;
        }

        disposed = true;
        try
        {
            // Left in place (for CleanupStaleMounts) when a mount stays: deleting would reach through it.
            if (RootfsMounter.RemoveMountDirectory(directory))
            {
                File.Delete(held.Path);
            }
        }
        finally
        {
            held.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
