// Root filesystems of RUNs live under the content store root while they run:
//
//   <root>/snapshots/overlay/mounts/<id>.lock      held by the process using the mount (flock: released when it dies)
//   <root>/snapshots/overlay/mounts/<id>/rootfs/   the overlay mount point, or the full copy
//   <root>/snapshots/overlay/mounts/<id>/upper/    the fresh upper dir (overlay)
//   <root>/snapshots/overlay/mounts/<id>/work/     overlay's work dir
//
// A directory whose lock is free belongs to a dead process: CleanupStaleMounts unmounts what is mounted under it
// and removes it. Nothing is deleted while something is still mounted under it.

using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Overlay;

/// <summary>
/// Makes the root filesystem of a RUN over a layer chain (DESIGN decision 3): an overlay of the layers' lower
/// directories with a fresh upper dir, or, where overlayfs is not available, a full copy of the merged snapshot.
/// Thread-safe; share one per store.
/// </summary>
public sealed class RootfsMounter
{
    private const string OverlaySource = "containerbuild";

    private readonly SnapshotStore snapshots;
    private readonly RootfsMountOptions options;
    private volatile bool overlayRefused;
    private volatile bool skipSyncRefused;

    public RootfsMounter(ContentStore store, SnapshotStore snapshots, RootfsMountOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.snapshots = snapshots ?? throw new ArgumentNullException(nameof(snapshots));
        this.options = options ?? new RootfsMountOptions();
        LowerDirs = new OverlayLowerDirs(store, this.options.LockTimeout);
        MountsDirectory = Path.Combine(LowerDirs.Root, "mounts");
        Directory.CreateDirectory(MountsDirectory);
    }

    /// <summary>The layers unpacked in overlay's format.</summary>
    public OverlayLowerDirs LowerDirs { get; }

    /// <summary>Where root filesystems are mounted while they are in use.</summary>
    public string MountsDirectory { get; }

    /// <summary>
    /// A fresh, writable root filesystem holding <paramref name="lower"/>; dispose it to unmount and remove it. In
    /// <see cref="RootfsMode.Auto"/>, a refused overlay mount (no root, no overlayfs) falls back to a copy from then on.
    /// </summary>
    /// <exception cref="OverlayMountException">Mode <see cref="RootfsMode.Overlay"/>, and the kernel refused the mount.</exception>
    public async Task<RootfsMount> MountAsync(LayerChain lower, IBlobSource blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(blobs);
        var useOverlay = options.Mode == RootfsMode.Overlay || (options.Mode == RootfsMode.Auto && !overlayRefused && OperatingSystem.IsLinux());
        if (useOverlay)
        {
            var (held, directory) = Reserve();
            try
            {
                return await MountOverlayAsync(lower, blobs, held, directory, cancellationToken).ConfigureAwait(false);
            }
            catch (OverlayMountException) when (options.Mode == RootfsMode.Auto)
            {
                overlayRefused = true;
                Release(held, directory);
            }
            catch
            {
                Release(held, directory);
                throw;
            }
        }

        var (copyHeld, copyDirectory) = Reserve();
        try
        {
            return await CopyAsync(lower, blobs, copyHeld, copyDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release(copyHeld, copyDirectory);
            throw;
        }
    }

    /// <summary>
    /// The chain's files, read-only: an overlay of its layers' lower directories (each unpacked once, shared with the
    /// RUNs over them), so reading a state never merges its whole chain into a snapshot. Dispose it to unmount. Null
    /// for an empty chain, or where this process cannot mount overlays (read a merged snapshot instead).
    /// </summary>
    public async Task<RootfsMount?> MountReadOnlyAsync(LayerChain lower, IBlobSource blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(blobs);
        if (lower.IsEmpty || options.Mode == RootfsMode.Copy || overlayRefused || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var (held, directory) = Reserve();
        try
        {
            var rootfs = Path.Combine(directory, "rootfs");
            Directory.CreateDirectory(rootfs);
            var maxLowers = Math.Clamp(options.MaxLowerDirs, 2, 500);
            while (true)
            {
                var lowers = await LowersAsync(lower, blobs, maxLowers, cancellationToken).ConfigureAwait(false);
                if (lowers.Count == 1)
                {
                    // Overlay without an upper dir stacks at least two lowers; an empty one changes nothing.
                    var empty = Path.Combine(directory, "empty");
                    Directory.CreateDirectory(empty);
                    lowers = [lowers[0], empty];
                }

                if (TryMount(rootfs, lowers, null, null))
                {
                    return new RootfsMount(RootfsKind.ReadOnlyOverlay, lower, directory, rootfs, held, null, lowers, null);
                }

                if (maxLowers == 2)
                {
                    throw new OverlayMountException($"The overlay options for {rootfs} do not fit in one page even with two lower directories named by descriptors; use a shorter store root.");
                }

                maxLowers = Math.Max(2, maxLowers / 2);
            }
        }
        catch (OverlayMountException) when (options.Mode == RootfsMode.Auto)
        {
            overlayRefused = true;
            Release(held, directory);
            return null;
        }
        catch
        {
            Release(held, directory);
            throw;
        }
    }

    /// <summary>
    /// Unmounts and removes the root filesystems that dead processes left (killed mid-RUN); those of live processes,
    /// in this one or others, are left alone. Returns how many it removed. Call it when a build starts.
    /// </summary>
    public int CleanupStaleMounts()
    {
        var removed = 0;
        foreach (var directory in new DirectoryInfo(MountsDirectory).EnumerateDirectories())
        {
            using var held = StoreLock.TryAcquire(MountsDirectory, directory.Name);
            if (held is null || !Directory.Exists(directory.FullName))
            {
                continue; // In use, or removed meanwhile by its owner.
            }

            try
            {
                if (RemoveMountDirectory(directory.FullName))
                {
                    File.Delete(held.Path);
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still written to (an orphaned container nobody could kill): left for a later start, never failing this build.
            }
        }

        foreach (var lockFile in new DirectoryInfo(MountsDirectory).EnumerateFiles("*.lock"))
        {
            var name = Path.GetFileNameWithoutExtension(lockFile.Name);
            using var held = StoreLock.TryAcquire(MountsDirectory, name);
            if (held is not null && !Directory.Exists(Path.Combine(MountsDirectory, name)))
            {
                File.Delete(held.Path);
            }
        }

        return removed;
    }

    /// <summary>Unmounts everything under <paramref name="directory"/> and deletes it; false (leaving it) when a mount stays.</summary>
    internal static bool RemoveMountDirectory(string directory)
    {
        foreach (var point in MountTable.MountsUnder(directory))
        {
            MountTable.Unmount(point);
        }

        if (MountTable.MountsUnder(directory).Count > 0)
        {
            return false; // Deleting now would reach through the mount.
        }

        DirectoryTrees.Delete(directory);
        return true;
    }

    private async Task<RootfsMount> MountOverlayAsync(LayerChain lower, IBlobSource blobs, StoreLock held, string directory, CancellationToken cancellationToken)
    {
        var rootfs = Path.Combine(directory, "rootfs");
        var upper = Path.Combine(directory, "upper");
        var work = Path.Combine(directory, "work");
        Directory.CreateDirectory(rootfs);
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(upper, (UnixFileMode)0b111_101_101);
        }

        var maxLowers = Math.Clamp(options.MaxLowerDirs, 2, 500);
        while (true)
        {
            var lowers = await LowersAsync(lower, blobs, maxLowers, cancellationToken).ConfigureAwait(false);
            bool mounted;
            try
            {
                mounted = TryMount(rootfs, lowers, upper, work, skipSync: !skipSyncRefused);
            }
            catch (OverlayMountException e) when (e.ErrorNumber == OverlayNative.Einval && !skipSyncRefused)
            {
                skipSyncRefused = true; // A kernel before 5.10: mount as it syncs.
                continue;
            }

            if (mounted)
            {
                return new RootfsMount(RootfsKind.Overlay, lower, directory, rootfs, held, upper, lowers, null);
            }

            if (maxLowers == 2)
            {
                throw new OverlayMountException($"The overlay options for {rootfs} do not fit in one page even with two lower directories named by descriptors; use a shorter store root.");
            }

            maxLowers = Math.Max(2, maxLowers / 2); // Merge more of the bottom into one snapshot.
        }
    }

    /// <summary>Mounts when the data fits in a page (false when it does not); throws when the kernel refuses.</summary>
    private static bool TryMount(string rootfs, IReadOnlyList<string> lowers, string? upper, string? work, bool skipSync = false)
    {
        if (OverlayMountData.WithPaths(lowers, upper, work, skipSync) is { } data)
        {
            Mount(rootfs, data);
            return true;
        }

        var writable = upper is not null && work is not null;
        var descriptors = new List<OverlayNative.SafeFileDescriptor>();
        try
        {
            foreach (var path in writable ? lowers.Append(upper!).Append(work!) : lowers)
            {
                descriptors.Add(OverlayNative.OpenPath(path));
            }

            var numbers = descriptors.Select(d => d.Value).ToList();
            var shortData = writable
                ? OverlayMountData.WithDescriptors(numbers[..^2], numbers[^2], numbers[^1], skipSync)
                : OverlayMountData.WithDescriptors(numbers, null, null);
            if (shortData is null)
            {
                return false;
            }

            Mount(rootfs, shortData);
            return true;
        }
        finally
        {
            descriptors.ForEach(d => d.Dispose());
        }
    }

    private static void Mount(string rootfs, string data)
    {
        var errno = OverlayNative.Mount(OverlaySource, rootfs, "overlay", data);
        if (errno != 0)
        {
            throw new OverlayMountException(rootfs, data, errno);
        }
    }

    /// <summary>The lower directories, topmost first: one per layer, the bottom ones merged into a snapshot beyond <paramref name="maxLowers"/>.</summary>
    private async Task<IReadOnlyList<string>> LowersAsync(LayerChain chain, IBlobSource blobs, int maxLowers, CancellationToken cancellationToken)
    {
        if (chain.IsEmpty)
        {
            var scratch = await snapshots.GetOrCreateAsync(chain, blobs, cancellationToken).ConfigureAwait(false);
            return [scratch.Path];
        }

        var merged = chain.Count > maxLowers ? chain.Count - maxLowers + 1 : 0;
        var single = Enumerable.Range(merged, chain.Count - merged).ToList();
        var paths = new string[single.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, single.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, 8), CancellationToken = cancellationToken },
            async (i, token) => paths[i] = (await LowerDirs.GetOrCreateAsync(chain[single[i]], blobs, token).ConfigureAwait(false)).Path).ConfigureAwait(false);

        var lowers = paths.Reverse().ToList();
        if (merged > 0)
        {
            var bottom = await snapshots.GetOrCreateAsync(chain.Prefix(merged), blobs, cancellationToken).ConfigureAwait(false);
            lowers.Add(bottom.Path);
        }

        return lowers;
    }

    private async Task<RootfsMount> CopyAsync(LayerChain lower, IBlobSource blobs, StoreLock held, string directory, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.GetOrCreateAsync(lower, blobs, cancellationToken).ConfigureAwait(false);
        var rootfs = Path.Combine(directory, "rootfs");
        await TreeCopy.CopyAsync(snapshot.Path, rootfs, cancellationToken).ConfigureAwait(false);
        var inodes = CopyDiff.DirectoryInodes(rootfs, cancellationToken);
        return new RootfsMount(RootfsKind.Copy, lower, directory, rootfs, held, null, [snapshot.Path], inodes);
    }

    /// <summary>A fresh mount directory, its lock taken before it exists so a cleanup never mistakes it for a dead one's.</summary>
    private (StoreLock Held, string Directory) Reserve()
    {
        var id = Guid.NewGuid().ToString("N");
        var held = StoreLock.TryAcquire(MountsDirectory, id) ?? throw new IOException($"The fresh mount lock {id} in {MountsDirectory} is held by someone else.");
        var directory = Path.Combine(MountsDirectory, id);
        Directory.CreateDirectory(directory);
        return (held, directory);
    }

    private static void Release(StoreLock held, string directory)
    {
        if (RemoveMountDirectory(directory))
        {
            File.Delete(held.Path);
        }

        held.Dispose();
    }
}
