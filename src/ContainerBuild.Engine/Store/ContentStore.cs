// The content store: every byte a build fetches or produces, under one root (DESIGN decision 4).
//
//   <root>/
//     blobs/<algorithm>/<hex>   content-addressed blobs (sha256, sha512); complete and fsynced, never partial
//     ingest/<random>.part      blobs being written; each held with an exclusive file lock while its writer lives
//     locks/<name>.lock         named cross-process locks (StoreLock) for cache records, prune and the like
//   reserved for later issues, created by their users:
//     snapshots/<chainid>       unpacked layers
//     cache/                    cache records by cache key
//     mounts/<id>               cache-mount directories
//     layer-index/<alg>/<hex>   the paths each layer blob holds, kept after the blob is pruned (Ops.LayerIndexFiles)
//
// Protocol: a writer streams into a fresh ingest file (hashing as it goes), checks the digest and size it was
// promised, fsyncs, and renames the file into blobs/. rename(2) within one file system is atomic, so readers see
// a whole blob or none, two processes writing the same blob both succeed with one result, and a process killed
// mid-write leaves only an ingest file, which CleanupIngestAsync removes once its lock is free and it is a day old.
// Reads hash as they go and remove a blob that fails its digest. A blob's mtime is its last use (prune reads it):
// immutable files need no other mtime, and mtime survives noatime mounts where atime would not.

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>Content-addressed blobs under one root, safe for several processes at once and for crashes.</summary>
public sealed class ContentStore
{
    private const int CopyBufferSize = 1 << 20;
    private const int ReadBufferSize = 64 * 1024;
    private static readonly TimeSpan DefaultIngestAge = TimeSpan.FromDays(1);

    private readonly string blobsDirectory;
    private readonly string ingestDirectory;

    public ContentStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        blobsDirectory = Path.Combine(Root, "blobs");
        ingestDirectory = Path.Combine(Root, "ingest");
        LocksDirectory = Path.Combine(Root, "locks");
        Directory.CreateDirectory(blobsDirectory);
        Directory.CreateDirectory(ingestDirectory);
        Directory.CreateDirectory(LocksDirectory);
    }

    public ContentStore(ContentStoreOptions options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Root)
    {
    }

    /// <summary>The store's root folder (absolute).</summary>
    public string Root { get; }

    /// <summary>Where named <see cref="StoreLock"/>s live.</summary>
    public string LocksDirectory { get; }

    public bool Exists(Digest digest) => File.Exists(BlobPath(digest));

    /// <summary>The blob's size and last use, or null when the store does not hold it.</summary>
    public ContentInfo? TryGetInfo(Digest digest)
    {
        var file = new FileInfo(BlobPath(digest));
        return file.Exists ? new ContentInfo(digest, file.Length, file.LastWriteTimeUtc) : null;
    }

    /// <summary>
    /// Opens a blob for reading and marks it used. By default the stream checks the digest as it reaches the end and
    /// throws <see cref="ContentCorruptException"/> (having removed the blob) instead of serving bad bytes.
    /// </summary>
    /// <exception cref="ContentNotFoundException">The store does not hold the blob.</exception>
    public Stream OpenRead(Digest digest, bool verify = true)
    {
        var path = BlobPath(digest);
        FileStream file;
        try
        {
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                BufferSize = ReadBufferSize,
            });
        }
        catch (FileNotFoundException e)
        {
            throw new ContentNotFoundException(digest, Root, e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ContentNotFoundException(digest, Root, e);
        }

        MarkUsed(path);
        return verify ? new VerifyingReadStream(file, digest) : file;
    }

    /// <summary>
    /// Stores everything <paramref name="source"/> yields. When <paramref name="expected"/> is given the bytes must
    /// hash to it (and are hashed with its algorithm), and when <paramref name="expectedSize"/> is given they must be
    /// that long; otherwise nothing is stored. Writing a blob the store already holds is a no-op (and when
    /// <paramref name="expected"/> names it, <paramref name="source"/> is not read at all).
    /// </summary>
    /// <exception cref="ContentDigestMismatchException">The bytes hash to another digest.</exception>
    /// <exception cref="ContentSizeMismatchException">The source yielded another number of bytes.</exception>
    public async Task<WrittenContent> WriteAsync(
        Stream source,
        Digest? expected = null,
        long? expectedSize = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSize ?? 0, nameof(expectedSize));
        if (expected is { } known && Present(known, expectedSize) is { } present)
        {
            return present;
        }

        var algorithm = expected?.Algorithm ?? Digest.Sha256;
        var temp = Path.Combine(ingestDirectory, $"{Guid.NewGuid():N}.part");
        try
        {
            var (digest, size) = await IngestAsync(source, temp, algorithm, expected, expectedSize, cancellationToken).ConfigureAwait(false);

            // The ingest file's lock is released by now (readers could not open it under an exclusive lock);
            // its fresh mtime keeps CleanupIngestAsync away for the instant before the rename.
            if (Present(digest, size) is { } alreadyThere)
            {
                return alreadyThere;
            }

            var target = BlobPath(digest);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: true);
            return new WrittenContent(digest, size, AlreadyExisted: false);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Stores <paramref name="content"/>; see <see cref="WriteAsync(Stream, Digest?, long?, CancellationToken)"/>.</summary>
    public async Task<WrittenContent> WriteAsync(ReadOnlyMemory<byte> content, Digest? expected = null, CancellationToken cancellationToken = default)
    {
        var source = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await using (source.ConfigureAwait(false))
        {
            return await WriteAsync(source, expected, content.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a blob; false when the store did not hold it.</summary>
    public bool Delete(Digest digest)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Every blob the store holds, in no particular order.</summary>
    public async IAsyncEnumerable<ContentInfo> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var algorithm in (string[])[Digest.Sha256, Digest.Sha512])
        {
            var folder = new DirectoryInfo(Path.Combine(blobsDirectory, algorithm));
            if (!folder.Exists)
            {
                continue;
            }

            foreach (var file in folder.EnumerateFiles())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!Digest.TryParse($"{algorithm}:{file.Name}", out var digest))
                {
                    continue;
                }

                // A blob deleted between listing and looking is simply gone.
                file.Refresh();
                if (file.Exists)
                {
                    yield return new ContentInfo(digest, file.Length, file.LastWriteTimeUtc);
                }
            }

            await Task.Yield();
        }
    }

    /// <summary>
    /// Removes ingest files last written before <paramref name="olderThan"/> (default one day) that no live writer
    /// holds; returns how many it removed.
    /// </summary>
    public Task<int> CleanupIngestAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var cutoff = DateTime.UtcNow - (olderThan ?? DefaultIngestAge);
        var removed = 0;
        foreach (var file in new DirectoryInfo(ingestDirectory).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc > cutoff)
            {
                continue;
            }

            FileStream? held;
            try
            {
                held = FileLocking.TryOpenExclusive(file.FullName, FileMode.Open, FileAccess.Read);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            // Null: a live writer holds it. Otherwise the writer is gone; delete while we hold the lock.
            using (held)
            {
                if (held is not null)
                {
                    File.Delete(file.FullName);
                    removed++;
                }
            }
        }

        return Task.FromResult(removed);
    }

    /// <summary>Waits for and takes the named cross-process lock <c>locks/&lt;name&gt;.lock</c>.</summary>
    public Task<StoreLock> LockAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        StoreLock.AcquireAsync(LocksDirectory, name, timeout, cancellationToken);

    /// <summary>Where a blob lives (for code in this assembly that must hand a path to a tool).</summary>
    internal string BlobPath(Digest digest)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("A digest is required.", nameof(digest));
        }

        return Path.Combine(blobsDirectory, digest.Algorithm, digest.Hex);
    }

    private static async Task<(Digest Digest, long Size)> IngestAsync(
        Stream source,
        string temp,
        string algorithm,
        Digest? expected,
        long? expectedSize,
        CancellationToken cancellationToken)
    {
        using var hash = BlobHashing.Create(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        long size = 0;
        try
        {
            // CreateNew + FileShare.None: our own file, exclusively locked for as long as this writer lives.
            var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                PreallocationSize = expectedSize ?? 0,
            });
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                    if (expectedSize is { } limit && size > limit)
                    {
                        throw new ContentSizeMismatchException(expected, limit, size, stoppedEarly: true);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                if (expectedSize is { } wanted && size != wanted)
                {
                    throw new ContentSizeMismatchException(expected, wanted, size, stoppedEarly: false);
                }

                var actual = BlobHashing.Finish(hash, algorithm);
                if (expected is { } promised && actual != promised)
                {
                    throw new ContentDigestMismatchException(promised, actual, size);
                }

                file.Flush(flushToDisk: true);
                return (actual, size);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A blob already stored (with the size the caller expects, when it says) is marked used and reported as is.
    private WrittenContent? Present(Digest digest, long? size)
    {
        var path = BlobPath(digest);
        var file = new FileInfo(path);
        if (!file.Exists || (size is { } wanted && file.Length != wanted))
        {
            return null;
        }

        MarkUsed(path);
        return new WrittenContent(digest, file.Length, AlreadyExisted: true);
    }

    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Best effort: a read-only or shared store still serves the blob; prune just sees an older use.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for CleanupIngestAsync.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
