// Lower directories for overlay mounts, one per layer, under the content store root (DESIGN decision 3):
//
//   <root>/snapshots/overlay/<diffid-hex>/diff/   the layer in overlayfs's format (whiteout devices, opaque xattrs)
//   <root>/snapshots/overlay/tmp/<hex>-<random>/  work in progress, held by the lock overlay-<hex>
//
// A lower directory is extracted into tmp/ under its cross-process lock and renamed into place whole, so a mount
// never sees half a layer and concurrent builds extract each layer once. Device files and trusted.* attributes need
// root, as the mount itself does.

using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Overlay;

/// <summary>Layers unpacked once each into overlayfs's format and shared by every RUN over them.</summary>
public sealed class OverlayLowerDirs
{
    private const string Files = "diff";
    private const string LockPrefix = "overlay-";

    private readonly ContentStore store;
    private readonly TimeSpan lockTimeout;
    private readonly string tempDirectory;

    public OverlayLowerDirs(ContentStore store, TimeSpan? lockTimeout = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(30);
        Root = Path.Combine(store.Root, "snapshots", "overlay");
        tempDirectory = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(tempDirectory);
    }

    /// <summary>The <c>snapshots/overlay</c> folder of the store.</summary>
    public string Root { get; }

    /// <summary>The layer's lower directory, made now unless stored; concurrent callers wait for one of them to make it.</summary>
    /// <exception cref="LayerDiffIdMismatchException">The layer's tar does not hash to its diff id.</exception>
    /// <exception cref="StoreLockTimeoutException">Another build held the layer's lock longer than the lock timeout.</exception>
    public async Task<OverlayLowerDir> GetOrCreateAsync(LayerRef layer, IBlobSource blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(blobs);
        if (TryGet(layer.DiffId) is { } stored)
        {
            return stored;
        }

        var hex = Hex(layer.DiffId);
        using var held = await store.LockAsync(LockPrefix + hex, lockTimeout, cancellationToken).ConfigureAwait(false);
        if (TryGet(layer.DiffId) is { } madeMeanwhile)
        {
            return madeMeanwhile;
        }

        // Under the lock of this layer: whoever left these is gone.
        foreach (var dead in new DirectoryInfo(tempDirectory).EnumerateDirectories(hex + "-*"))
        {
            DirectoryTrees.Delete(dead.FullName);
        }

        var temp = Path.Combine(tempDirectory, $"{hex}-{Guid.NewGuid():N}");
        try
        {
            var files = Path.Combine(temp, Files);
            Directory.CreateDirectory(files);
            var blob = await blobs.OpenAsync(layer.Blob, cancellationToken).ConfigureAwait(false);
            await using (blob.ConfigureAwait(false))
            {
                var extracted = await LayerExtractor.ExtractAsync(blob, files, new LayerExtractOptions { Whiteouts = WhiteoutHandling.Keep }, cancellationToken).ConfigureAwait(false);
                if (extracted.DiffId != layer.DiffId)
                {
                    throw new LayerDiffIdMismatchException(layer.Digest, layer.DiffId, extracted.DiffId);
                }
            }

            OverlayWhiteouts.Convert(files, cancellationToken);
            var final = Path.Combine(Root, hex);
            DirectoryTrees.Delete(final); // Never a finished one (we checked under the lock): a rename that died halfway.
            Directory.Move(temp, final);
            return new OverlayLowerDir(layer.DiffId, Path.Combine(final, Files), Extracted: true);
        }
        finally
        {
            DirectoryTrees.Delete(temp);
        }
    }

    /// <summary>The stored lower directory of a layer; null when it is not made.</summary>
    public OverlayLowerDir? TryGet(Digest diffId)
    {
        var files = Path.Combine(Root, Hex(diffId), Files);
        return Directory.Exists(files) ? new OverlayLowerDir(diffId, files, Extracted: false) : null;
    }

    /// <summary>Removes a layer's lower directory; false when it was not stored. Mounts over it must be gone.</summary>
    public async Task<bool> DeleteAsync(Digest diffId, CancellationToken cancellationToken = default)
    {
        var hex = Hex(diffId);
        using var held = await store.LockAsync(LockPrefix + hex, lockTimeout, cancellationToken).ConfigureAwait(false);
        var directory = Path.Combine(Root, hex);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var doomed = Path.Combine(tempDirectory, $"{hex}-{Guid.NewGuid():N}");
        Directory.Move(directory, doomed);
        DirectoryTrees.Delete(doomed);
        return true;
    }

    private static string Hex(Digest digest) =>
        digest.Algorithm == Digest.Sha256 ? digest.Hex : throw new ArgumentException($"Lower directories are named by sha256 diff ids; {digest} is not one.", nameof(digest));
}
