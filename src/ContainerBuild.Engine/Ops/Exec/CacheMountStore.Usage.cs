using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>Cache mounts as du lists them and prune removes them.</summary>
internal sealed partial class CacheMountStore
{
    public CacheMountStore(string storeRoot)
        : this(storeRoot, TimeSpan.Zero)
    {
    }

    /// <summary>Every cache mount directory, with its size and last use, as a du entry of type <c>exec.cachemount</c>.</summary>
    public async Task<IReadOnlyList<CacheEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<CacheEntry>();
        if (!Directory.Exists(root))
        {
            return entries;
        }

        foreach (var directory in new DirectoryInfo(root).EnumerateDirectories())
        {
            if (!Digest.TryParse(Digest.Sha256 + ":" + directory.Name, out var digest))
            {
                continue; // locks/ and tmp/
            }

            var metadata = await ReadMetadataAsync(directory.Name, cancellationToken).ConfigureAwait(false);
            var size = DirectoryTrees.Measure(directory.FullName, cancellationToken).Size;
            var lastUsed = metadata?.LastUsed ?? new DateTimeOffset(directory.LastWriteTimeUtc, TimeSpan.Zero);
            entries.Add(new CacheEntry
            {
                Id = digest,
                Keys = [],
                Description = metadata is { File: var file } ? $"cached mount {file.Target} with id \"{file.Id}\"" : "cached mount",
                RecordType = CacheRecordTypes.ExecCacheMount,
                Size = size,
                Created = metadata?.File.Created ?? lastUsed,
                LastUsed = lastUsed,
                Results = [new CachedResult(directory.Name, size, [])],
            });
        }

        return entries;
    }

    /// <summary>Removes a cache mount unless a running build holds its lock; false when it is in use.</summary>
    public bool TryRemove(Digest id)
    {
        var name = id.Hex;
        using var held = StoreLock.TryAcquire(Locks, name);
        if (held is null)
        {
            return false;
        }

        var directory = Path.Combine(root, name);
        if (Directory.Exists(directory))
        {
            // Out of sight first, so no build binds a half-deleted cache.
            Directory.CreateDirectory(Temp);
            var doomed = Path.Combine(Temp, Guid.NewGuid().ToString("N"));
            Directory.Move(directory, doomed);
            DirectoryTrees.Delete(doomed);
        }

        File.Delete(MetadataPath(name));
        return true;
    }

    private async Task MarkUsedAsync(string name, string id, string target, CancellationToken cancellationToken)
    {
        var path = MetadataPath(name);
        if (File.Exists(path))
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return;
        }

        Directory.CreateDirectory(Temp);
        var temp = Path.Combine(Temp, Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var file = new CacheMountFile { Id = id, Target = target, Created = DateTimeOffset.UtcNow };
            await File.WriteAllBytesAsync(temp, file.ToJsonBytes(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<(CacheMountFile File, DateTimeOffset LastUsed)?> ReadMetadataAsync(string name, CancellationToken cancellationToken)
    {
        var path = MetadataPath(name);
        try
        {
            var lastUsed = File.GetLastWriteTimeUtc(path);
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return CacheMountFile.Parse(bytes) is { } file ? (file, new DateTimeOffset(lastUsed, TimeSpan.Zero)) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private string MetadataPath(string name) => Path.Combine(root, name + ".json");
}
