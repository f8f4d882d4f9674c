// Unpacked layers under the content store root (DESIGN decision 4):
//
//   <root>/snapshots/
//     <chainid-hex>/rootfs/        a whole chain, every layer applied (whiteouts done)
//     <chainid-hex>/snapshot.json  what it is; its mtime is the snapshot's last use
//     layers/<diffid-hex>/diff/    one layer alone, OCI whiteout files kept (lower dirs for a union mount)
//     layers/<diffid-hex>/snapshot.json
//     scratch/                     the empty filesystem
//     tmp/<name>-<random>/         work in progress, each held by the lock of the snapshot it makes or removes
//
// A snapshot is made in tmp/ under the cross-process lock locks/snapshot-<hex>.lock (layer-<hex> for single layers)
// and renamed into place whole, so readers see a complete snapshot or none, concurrent builds and processes extract
// it once, and a killed extraction leaves only a temp directory whose lock is free: CleanupAsync removes it, and so
// does the next maker of that snapshot. Removal renames the snapshot into tmp/ first, for the same reason.
//
// A chain is made from the longest prefix of it that is already unpacked: that snapshot is hard-link copied (cp -al)
// and the remaining layers are extracted on top. Intermediate prefixes are not materialised on the way: a build
// asks for the chains it runs on, and storing each prefix would multiply the directory trees for nothing.

using System.Text.Json;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Snapshots;

/// <summary>Layer chains and single layers unpacked into directories, each made once and shared by every build.</summary>
public sealed class SnapshotStore
{
    private const string RecordFile = "snapshot.json";
    private const string ChainFiles = "rootfs";
    private const string LayerFiles = "diff";
    private const string ChainLockPrefix = "snapshot-";
    private const string LayerLockPrefix = "layer-";

    private readonly ContentStore store;
    private readonly SnapshotStoreOptions options;
    private readonly string layersDirectory;
    private readonly string tempDirectory;

    public SnapshotStore(ContentStore store, SnapshotStoreOptions? options = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.options = options ?? new SnapshotStoreOptions();
        Root = Path.Combine(store.Root, "snapshots");
        layersDirectory = Path.Combine(Root, "layers");
        tempDirectory = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(layersDirectory);
        Directory.CreateDirectory(tempDirectory);
    }

    /// <summary>The <c>snapshots</c> folder of the store.</summary>
    public string Root { get; }

    /// <summary>
    /// The chain unpacked into a directory: made now (reading the layers' bytes from <paramref name="blobs"/>) unless
    /// it is stored already. Concurrent callers, in this process or others, wait for one of them to make it.
    /// </summary>
    /// <exception cref="LayerDiffIdMismatchException">A layer's tar does not hash to its diff id.</exception>
    /// <exception cref="StoreLockTimeoutException">Another build held the snapshot's lock longer than the lock timeout.</exception>
    public async Task<Snapshot> GetOrCreateAsync(LayerChain chain, IBlobSource blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(blobs);
        if (chain.ChainId is not { } chainId)
        {
            return Scratch();
        }

        if (TryGet(chainId) is { } stored)
        {
            return stored;
        }

        using var held = await store.LockAsync(ChainLockPrefix + chainId.Hex, options.LockTimeout, cancellationToken).ConfigureAwait(false);
        if (TryGet(chainId) is { } madeMeanwhile)
        {
            return madeMeanwhile;
        }

        RemoveDeadTemps(chainId.Hex + "-");
        var temp = NewTemp(chainId.Hex);
        try
        {
            var rootfs = Path.Combine(temp, ChainFiles);
            var (from, method) = await StartFromPrefixAsync(chain, rootfs, cancellationToken).ConfigureAwait(false);
            for (var i = from; i < chain.Count; i++)
            {
                await ExtractAsync(chain[i], blobs, rootfs, WhiteoutHandling.Apply, cancellationToken).ConfigureAwait(false);
            }

            var copiedFrom = from == 0 ? null : chain.ChainIds[from - 1].ToString();
            await WriteRecordAsync(temp, rootfs, SnapshotKind.Chain, chainId, copiedFrom, chain.DiffIds, method, cancellationToken).ConfigureAwait(false);
            var final = ChainDirectory(chainId);
            MoveAsideUnfinished(final, chainId.Hex);
            Directory.Move(temp, final);
            return new Snapshot(chainId, Path.Combine(final, ChainFiles), chain.Count - from);
        }
        finally
        {
            DirectoryTrees.Delete(temp);
        }
    }

    /// <summary>The stored snapshot of a chain, marked used; null when it is not unpacked.</summary>
    public Snapshot? TryGet(Digest chainId)
    {
        var directory = ChainDirectory(chainId);
        return MarkUsed(directory) ? new Snapshot(chainId, Path.Combine(directory, ChainFiles), 0) : null;
    }

    /// <summary>
    /// One layer unpacked alone (OCI whiteout files kept, for a union mount to interpret), made now unless stored;
    /// concurrent callers wait for one of them to make it.
    /// </summary>
    /// <exception cref="LayerDiffIdMismatchException">The layer's tar does not hash to its diff id.</exception>
    public async Task<UnpackedLayer> GetLayerDirAsync(LayerRef layer, IBlobSource blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(blobs);
        if (TryGetLayerDir(layer.DiffId) is { } stored)
        {
            return stored;
        }

        using var held = await store.LockAsync(LayerLockPrefix + layer.DiffId.Hex, options.LockTimeout, cancellationToken).ConfigureAwait(false);
        if (TryGetLayerDir(layer.DiffId) is { } madeMeanwhile)
        {
            return madeMeanwhile;
        }

        RemoveDeadTemps(LayerLockPrefix + layer.DiffId.Hex + "-");
        var temp = NewTemp(LayerLockPrefix + layer.DiffId.Hex);
        try
        {
            var files = Path.Combine(temp, LayerFiles);
            Directory.CreateDirectory(files);
            await ExtractAsync(layer, blobs, files, WhiteoutHandling.Keep, cancellationToken).ConfigureAwait(false);
            await WriteRecordAsync(temp, files, SnapshotKind.Layer, layer.DiffId, null, [layer.DiffId], "extract", cancellationToken).ConfigureAwait(false);
            var final = LayerDirectoryPath(layer.DiffId);
            MoveAsideUnfinished(final, LayerLockPrefix + layer.DiffId.Hex);
            Directory.Move(temp, final);
            return new UnpackedLayer(layer.DiffId, Path.Combine(final, LayerFiles), Extracted: true);
        }
        finally
        {
            DirectoryTrees.Delete(temp);
        }
    }

    /// <summary>The stored directory of one layer, marked used; null when it is not unpacked.</summary>
    public UnpackedLayer? TryGetLayerDir(Digest diffId)
    {
        var directory = LayerDirectoryPath(diffId);
        return MarkUsed(directory) ? new UnpackedLayer(diffId, Path.Combine(directory, LayerFiles), Extracted: false) : null;
    }

    /// <summary>Every stored snapshot, chains and single layers, in no particular order.</summary>
    public IEnumerable<SnapshotInfo> Enumerate()
    {
        foreach (var (parent, kind, files) in ((string, SnapshotKind, string)[])[(Root, SnapshotKind.Chain, ChainFiles), (layersDirectory, SnapshotKind.Layer, LayerFiles)])
        {
            foreach (var directory in new DirectoryInfo(parent).EnumerateDirectories())
            {
                if (!Digest.TryParse($"{Digest.Sha256}:{directory.Name}", out var id))
                {
                    continue;
                }

                var record = new FileInfo(Path.Combine(directory.FullName, RecordFile));
                if (ReadRecord(record.FullName) is not { } known)
                {
                    continue; // Removed between listing and looking.
                }

                yield return new SnapshotInfo(kind, id, Path.Combine(directory.FullName, files), known.Size, known.Files, known.Created, record.LastWriteTimeUtc);
            }
        }
    }

    /// <summary>
    /// Removes a stored snapshot (a chain by chain id, or a single layer by diff id); false when it was not stored.
    /// Snapshots copied from it keep their own links to the files they share with it.
    /// </summary>
    public async Task<bool> DeleteAsync(SnapshotKind kind, Digest id, CancellationToken cancellationToken = default)
    {
        var (lockName, directory) = kind == SnapshotKind.Chain
            ? (ChainLockPrefix + id.Hex, ChainDirectory(id))
            : (LayerLockPrefix + id.Hex, LayerDirectoryPath(id));
        using var held = await store.LockAsync(lockName, options.LockTimeout, cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        // Out of sight first, whole; the slow delete follows (and CleanupAsync finishes it if this process dies).
        var doomed = NewTempPath(kind == SnapshotKind.Chain ? id.Hex : LayerLockPrefix + id.Hex);
        Directory.Move(directory, doomed);
        DirectoryTrees.Delete(doomed);
        return true;
    }

    /// <summary>
    /// Removes what dead makers and removers left in <c>tmp/</c> (older than the grace period and held by no lock);
    /// returns how many directories it removed.
    /// </summary>
    public int Cleanup(CancellationToken cancellationToken = default)
    {
        var cutoff = DateTime.UtcNow - options.TempGracePeriod;
        var removed = 0;
        foreach (var directory in new DirectoryInfo(tempDirectory).EnumerateDirectories())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (directory.LastWriteTimeUtc > cutoff || LockNameOf(directory.Name) is not { } name)
            {
                continue;
            }

            using var held = StoreLock.TryAcquire(store.LocksDirectory, name);
            if (held is not null && Directory.Exists(directory.FullName))
            {
                DirectoryTrees.Delete(directory.FullName);
                removed++;
            }
        }

        return removed;
    }

    private Snapshot Scratch()
    {
        var path = Path.Combine(Root, "scratch");
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            }
        }

        return new Snapshot(null, path, 0);
    }

    /// <summary>Fills <paramref name="rootfs"/> with the longest stored prefix of the chain; returns the index of the first layer still to extract.</summary>
    private async Task<(int From, string Method)> StartFromPrefixAsync(LayerChain chain, string rootfs, CancellationToken cancellationToken)
    {
        if (options.CopyMode == SnapshotCopyMode.HardLink)
        {
            for (var length = chain.Count - 1; length > 0; length--)
            {
                var prefixId = chain.ChainIds[length - 1];
                if (!Directory.Exists(ChainDirectory(prefixId)))
                {
                    continue;
                }

                // Held while copying, so a prune cannot remove the prefix under the copy.
                using var prefixLock = await store.LockAsync(ChainLockPrefix + prefixId.Hex, options.LockTimeout, cancellationToken).ConfigureAwait(false);
                if (TryGet(prefixId) is not { } prefix)
                {
                    continue;
                }

                var (copied, _) = await HardLinkCopy.TryCopyAsync(prefix.Path, rootfs, cancellationToken).ConfigureAwait(false);
                if (copied)
                {
                    return (length, "hardlink-copy");
                }

                // No usable cp here: extract everything instead.
                DirectoryTrees.Delete(rootfs);
                break;
            }
        }

        Directory.CreateDirectory(rootfs);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(rootfs, (UnixFileMode)0b111_101_101);
        }

        return (0, "extract");
    }

    private static async Task ExtractAsync(LayerRef layer, IBlobSource blobs, string target, WhiteoutHandling whiteouts, CancellationToken cancellationToken)
    {
        var blob = await blobs.OpenAsync(layer.Blob, cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            var extracted = await LayerExtractor.ExtractAsync(blob, target, new LayerExtractOptions { Whiteouts = whiteouts }, cancellationToken).ConfigureAwait(false);
            if (extracted.DiffId != layer.DiffId)
            {
                throw new LayerDiffIdMismatchException(layer.Digest, layer.DiffId, extracted.DiffId);
            }
        }
    }

    private static async Task WriteRecordAsync(
        string temp,
        string files,
        SnapshotKind kind,
        Digest id,
        string? copiedFrom,
        IEnumerable<Digest> diffIds,
        string method,
        CancellationToken cancellationToken)
    {
        var (size, entries) = DirectoryTrees.Measure(files, cancellationToken);
        var record = new SnapshotRecord(kind.ToString().ToLowerInvariant(), id.ToString(), copiedFrom, [.. diffIds.Select(d => d.ToString())], size, entries, DateTimeOffset.UtcNow, method);
        await File.WriteAllBytesAsync(Path.Combine(temp, RecordFile), JsonSerializer.SerializeToUtf8Bytes(record, SnapshotRecordJson.Default.SnapshotRecord), cancellationToken).ConfigureAwait(false);
    }

    private static SnapshotRecord? ReadRecord(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), SnapshotRecordJson.Default.SnapshotRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether a finished snapshot is at <paramref name="directory"/>; touches its record as its last use.</summary>
    private static bool MarkUsed(string directory)
    {
        var record = Path.Combine(directory, RecordFile);
        if (!File.Exists(record))
        {
            return false;
        }

        try
        {
            File.SetLastWriteTimeUtc(record, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a read-only store still serves the snapshot; prune just sees an older use.
        }

        return true;
    }

    /// <summary>A directory in the snapshot's place without its record is not ours to keep (we hold its lock): clear it.</summary>
    private void MoveAsideUnfinished(string final, string tempName)
    {
        if (Directory.Exists(final))
        {
            var doomed = NewTempPath(tempName);
            Directory.Move(final, doomed);
            DirectoryTrees.Delete(doomed);
        }
    }

    private void RemoveDeadTemps(string prefix)
    {
        // Called under the lock of the snapshot these temps were making: their makers are gone.
        foreach (var directory in new DirectoryInfo(tempDirectory).EnumerateDirectories(prefix + "*"))
        {
            DirectoryTrees.Delete(directory.FullName);
        }
    }

    private string NewTemp(string name)
    {
        var path = NewTempPath(name);
        Directory.CreateDirectory(path);
        return path;
    }

    private string NewTempPath(string name) => Path.Combine(tempDirectory, $"{name}-{Guid.NewGuid():N}");

    /// <summary>The lock that guards a temp directory, from its name (<c>&lt;hex&gt;-&lt;random&gt;</c> or <c>layer-&lt;hex&gt;-&lt;random&gt;</c>).</summary>
    private static string? LockNameOf(string tempName)
    {
        var layer = tempName.StartsWith(LayerLockPrefix, StringComparison.Ordinal);
        var rest = layer ? tempName[LayerLockPrefix.Length..] : tempName;
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash != 64 || !Digest.TryParse($"{Digest.Sha256}:{rest[..dash]}", out var id))
        {
            return null;
        }

        return (layer ? LayerLockPrefix : ChainLockPrefix) + id.Hex;
    }

    private string ChainDirectory(Digest chainId) => Path.Combine(Root, ChainHex(chainId));

    private string LayerDirectoryPath(Digest diffId) => Path.Combine(layersDirectory, ChainHex(diffId));

    private static string ChainHex(Digest digest) =>
        digest.Algorithm == Digest.Sha256 ? digest.Hex : throw new ArgumentException($"Snapshots are named by sha256 ids; {digest} is not one.", nameof(digest));
}
