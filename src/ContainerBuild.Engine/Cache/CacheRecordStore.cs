// Cache records under the content store's root (DESIGN decision 4):
//
//   <root>/cache/records/<algorithm>/<hex>.json   one record per cache key; the file's mtime is its last use
//   <root>/cache/tmp/<pid>-<random>.tmp           records being written, named for the writing process
//
// A record is written only after its results are complete, to a temp file that is fsynced and renamed into place,
// so readers see a whole record or none and a killed process leaves at most a temp file, which the next store opened
// on the root removes once its writer is gone (prune removes old ones too).
// Two processes storing one key both succeed; the last rename wins, and both records are complete.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Cache;

/// <summary>The persistent <see cref="ICacheStore"/>: records by cache key, shared by every process using the store.</summary>
public sealed partial class CacheRecordStore : ICacheStore
{
    private readonly string recordsDirectory;
    private readonly string tempDirectory;
    private readonly TimeProvider clock;
    private readonly CacheMountStore mounts;

    public CacheRecordStore(ContentStore store, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Content = store;
        this.clock = clock ?? TimeProvider.System;
        recordsDirectory = Path.Combine(store.Root, "cache", "records");
        tempDirectory = Path.Combine(store.Root, "cache", "tmp");
        mounts = new CacheMountStore(store.Root);
        Directory.CreateDirectory(recordsDirectory);
        Directory.CreateDirectory(tempDirectory);
        RemoveTempFilesOfEndedWriters();
    }

    /// <summary>The content store whose blobs the records reference.</summary>
    public ContentStore Content { get; }

    public async Task<CacheRecord?> TryGetAsync(Digest key, CancellationToken cancellationToken)
    {
        var path = RecordPath(key);
        byte[] bytes;
        DateTime lastUsed;
        try
        {
            lastUsed = File.GetLastWriteTimeUtc(path);
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (CacheRecordFile.Parse(bytes) is not { } file || file.Key != key)
        {
            // Not ours to trust (another version, or damaged by something outside our protocol): a miss.
            return null;
        }

        return file.ToRecord(new DateTimeOffset(lastUsed, TimeSpan.Zero));
    }

    public async Task SaveAsync(CacheRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = RecordPath(record.Key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(tempDirectory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"));
        try
        {
            var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None });
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(CacheRecordFile.From(record).ToJsonBytes(), cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.SetLastWriteTimeUtc(temp, (record.LastUsed == default ? clock.GetUtcNow() : record.LastUsed).UtcDateTime);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // A temp file whose writer has ended (killed mid-write) is garbage; one of a live writer is left alone.
    private void RemoveTempFilesOfEndedWriters()
    {
        foreach (var file in Directory.EnumerateFiles(tempDirectory, "*.tmp"))
        {
            var name = Path.GetFileName(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Another process removed it first, or the store is read-only: prune will see it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}"));
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public Task MarkUsedAsync(Digest key, CancellationToken cancellationToken)
    {
        try
        {
            File.SetLastWriteTimeUtc(RecordPath(key), clock.GetUtcNow().UtcDateTime);
        }
        catch (FileNotFoundException)
        {
            // Pruned meanwhile: nothing to mark.
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only store still serves records; prune just sees an older use.
        }

        return Task.CompletedTask;
    }

    /// <summary>Every record, in no particular order; unreadable files are skipped.</summary>
    public async IAsyncEnumerable<CacheRecord> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in Directory.EnumerateFiles(recordsDirectory, "*.json", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileNameWithoutExtension(file);
            var algorithm = Path.GetFileName(Path.GetDirectoryName(file));
            if (Digest.TryParse($"{algorithm}:{name}", out var key) && await TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>Removes the record under <paramref name="key"/>; false when there was none.</summary>
    public bool Delete(Digest key)
    {
        var path = RecordPath(key);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private string RecordPath(Digest key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A cache key is required.", nameof(key));
        }

        return Path.Combine(recordsDirectory, key.Algorithm, key.Hex + ".json");
    }

    // Temp files older than this belong to a writer that died (a record is written in well under a second).
    private static readonly TimeSpan StaleTemp = TimeSpan.FromHours(1);

    private int CleanupTemp()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - StaleTemp;
        var removed = 0;
        foreach (var file in new DirectoryInfo(tempDirectory).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                file.Delete();
                removed++;
            }
        }

        return removed;
    }
}
