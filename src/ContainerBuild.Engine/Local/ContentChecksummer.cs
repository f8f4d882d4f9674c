using System.Collections.Concurrent;
using System.Security.Cryptography;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Local;

/// <summary>
/// Content checksums of paths in local directories, as BuildKit's contenthash makes them for cache keys: from
/// names, types, permission bits, owners, sizes, link targets and file data, never from times. Touching a file or
/// checking out the same content elsewhere gives the same digest. File data hashes are remembered per root under
/// the cache directory, keyed by size, mtime, ctime and inode, so an unchanged tree is checksummed from
/// <c>lstat</c> alone. Safe to share: calls on one root take turns, calls on different roots run at once.
/// </summary>
public sealed class ContentChecksummer
{
    private readonly string? cacheDirectory;
    private readonly ConcurrentDictionary<string, FileHashCache> caches = new(StringComparer.Ordinal);

    /// <param name="cacheDirectory">Where the per-root hash caches live (such as the content store's root); null keeps them in memory only.</param>
    public ContentChecksummer(string? cacheDirectory = null) => this.cacheDirectory = cacheDirectory;

    /// <summary>
    /// The digest of <paramref name="path"/> (relative to <paramref name="root"/>; "" or "/" for all of it). Symlinks
    /// on the way resolve inside the root; the selected path's own link only with <see cref="ChecksumOptions.FollowSymlinks"/>.
    /// A wildcard selection hashes every match with its path; one that matches nothing has a fixed digest.
    /// </summary>
    /// <exception cref="LocalPathNotFoundException">The path does not exist (and is not a wildcard).</exception>
    public async Task<Digest> ChecksumAsync(string root, string path, ChecksumOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        options ??= ChecksumOptions.Default;
        var rootPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(rootPath))
        {
            throw new DirectoryNotFoundException($"The directory '{root}' to checksum does not exist.");
        }

        var cache = caches.GetOrAdd(rootPath, r => new FileHashCache(r, cacheDirectory));
        await cache.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cache.EnsureLoaded();
            var job = new ChecksumJob(rootPath, cache, options);
            var relative = GoPath.Relative(path);
            byte[] hash;
            if (options.Wildcard && HasWildcard(relative))
            {
                hash = await job.WildcardAsync(relative, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var resolved = ScopedPath.Resolve(rootPath, relative, options.FollowSymlinks);
                hash = await job.SelectionAsync(resolved, cancellationToken).ConfigureAwait(false)
                    ?? throw new LocalPathNotFoundException(rootPath, relative);
            }

            cache.Save(pruneUntouched: job.WalkedWholeRoot);
            return Digest.FromSha256Hash(hash);
        }
        finally
        {
            cache.Lock.Release();
        }
    }

    private static bool HasWildcard(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    // One checksum request: walks, looks up and fills the root's cache, and builds the digest.
    private sealed class ChecksumJob(string root, FileHashCache cache, ChecksumOptions options)
    {
        private readonly long startedNanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

        public bool WalkedWholeRoot { get; private set; }

        public async Task<byte[]> WildcardAsync(string pattern, CancellationToken cancellationToken)
        {
            using var hash = EntryHashing.StartList('w');
            foreach (var match in ExpandWildcard(pattern))
            {
                var resolved = ScopedPath.Resolve(root, match, options.FollowSymlinks);
                if (await SelectionAsync(resolved, cancellationToken).ConfigureAwait(false) is { } digest)
                {
                    EntryHashing.AppendNamed(hash, match, digest);
                }
            }

            return hash.GetHashAndReset();
        }

        /// <summary>The hash of a resolved relative path, or null when nothing is there.</summary>
        public async Task<byte[]?> SelectionAsync(string relative, CancellationToken cancellationToken)
        {
            var full = relative.Length == 0 ? root : Path.Join(root, relative);
            if (NativeStat.TryLStat(full) is not { } status)
            {
                return null;
            }

            if (status.IsSymlink)
            {
                return EntryHashing.Symlink(status, new FileInfo(full).LinkTarget ?? "");
            }

            if (status.IsRegularFile)
            {
                var data = await DataHashesAsync([(relative, full, status)], cancellationToken).ConfigureAwait(false);
                return EntryHashing.File(status, data[0]);
            }

            if (!status.IsDirectory)
            {
                // A device, pipe or socket is never part of a local source.
                return null;
            }

            var filtered = options.IncludePatterns.Count > 0 || options.ExcludePatterns.Count > 0;
            var entries = LocalDirectoryWalker.Walk(full, new LocalWalkOptions
            {
                IncludePatterns = options.IncludePatterns,
                ExcludePatterns = options.ExcludePatterns,
            }).ToList();
            WalkedWholeRoot |= relative.Length == 0 && !filtered;

            var files = entries.Where(e => e.Type == LocalEntryType.File).Select(e => (GoPath.Join(relative, e.Path), e.FullPath, e.Status)).ToList();
            var dataHashes = await DataHashesAsync(files, cancellationToken).ConfigureAwait(false);
            var byPath = new Dictionary<string, byte[]>(files.Count, StringComparer.Ordinal);
            for (var i = 0; i < files.Count; i++)
            {
                byPath[files[i].Item1] = dataHashes[i];
            }

            byte[] EntryDigest(LocalEntry e) => e.Type switch
            {
                LocalEntryType.File => EntryHashing.File(e.Status, byPath[GoPath.Join(relative, e.Path)]),
                LocalEntryType.Symlink => EntryHashing.Symlink(e.Status, e.LinkTarget ?? ""),
                _ => EntryHashing.DirectoryHeader(e.Status),
            };

            return filtered
                ? FilteredList(entries, EntryDigest)
                : MerkleTree(relative.Length == 0 ? null : status, entries, EntryDigest);
        }

        // With include or exclude patterns the selection is a list of paths, each with its own entry's digest.
        private static byte[] FilteredList(List<LocalEntry> entries, Func<LocalEntry, byte[]> entryDigest)
        {
            using var hash = EntryHashing.StartList('p');
            foreach (var entry in entries)
            {
                EntryHashing.AppendNamed(hash, entry.Path, entryDigest(entry));
            }

            return hash.GetHashAndReset();
        }

        // Entries come depth first with a directory before its contents, so open directories form a stack.
        private static byte[] MerkleTree(FileStatus? top, List<LocalEntry> entries, Func<LocalEntry, byte[]> entryDigest)
        {
            var open = new List<(string Path, string Name, IncrementalHash Hash)> { ("", "", EntryHashing.StartDirectory(top)) };
            try
            {
                foreach (var entry in entries)
                {
                    var slash = entry.Path.LastIndexOf('/');
                    var parent = slash < 0 ? "" : entry.Path[..slash];
                    while (!string.Equals(open[^1].Path, parent, StringComparison.Ordinal))
                    {
                        Close(open);
                    }

                    if (entry.Type == LocalEntryType.Directory)
                    {
                        open.Add((entry.Path, entry.Name, EntryHashing.StartDirectory(entry.Status)));
                    }
                    else
                    {
                        EntryHashing.AppendNamed(open[^1].Hash, entry.Name, entryDigest(entry));
                    }
                }

                while (open.Count > 1)
                {
                    Close(open);
                }

                return open[0].Hash.GetHashAndReset();
            }
            finally
            {
                foreach (var (_, _, hash) in open)
                {
                    hash.Dispose();
                }
            }
        }

        private static void Close(List<(string Path, string Name, IncrementalHash Hash)> open)
        {
            var (_, name, hash) = open[^1];
            open.RemoveAt(open.Count - 1);
            var digest = hash.GetHashAndReset();
            hash.Dispose();
            EntryHashing.AppendNamed(open[^1].Hash, name, digest);
        }

        // The sha256 of each file's data: from the cache when lstat is unchanged, else read, several files at once.
        private async Task<byte[][]> DataHashesAsync(IReadOnlyList<(string Relative, string Full, FileStatus Status)> files, CancellationToken cancellationToken)
        {
            var result = new byte[files.Count][];
            var misses = new List<int>();
            for (var i = 0; i < files.Count; i++)
            {
                if (cache.TryGet(files[i].Relative, files[i].Status, out var hash))
                {
                    result[i] = hash;
                }
                else
                {
                    misses.Add(i);
                }
            }

            if (misses.Count == 0)
            {
                return result;
            }

            var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, 8) };
            await Parallel.ForEachAsync(misses, parallel, async (index, token) =>
            {
                var stream = new FileStream(files[index].Full, new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    Options = FileOptions.SequentialScan,
                    BufferSize = 0,
                });
                await using (stream.ConfigureAwait(false))
                {
                    result[index] = await SHA256.HashDataAsync(stream, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

            foreach (var index in misses)
            {
                cache.Set(files[index].Relative, files[index].Status, result[index], startedNanoseconds);
            }

            return result;
        }

        // COPY's wildcard sources: each element matched within one directory, as Go's filepath.Match does.
        private List<string> ExpandWildcard(string pattern)
        {
            var current = new List<string> { "" };
            foreach (var element in pattern.Split('/'))
            {
                var next = new List<string>();
                var matcher = HasWildcard(element) ? FilePattern.Parse(element) : null;
                foreach (var parent in current)
                {
                    if (matcher is null)
                    {
                        next.Add(GoPath.Join(parent, element));
                        continue;
                    }

                    var directory = Path.Join(root, ScopedPath.Resolve(root, parent, followFinal: true));
                    if (!Directory.Exists(directory))
                    {
                        continue;
                    }

                    var names = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 })
                        .Select(Path.GetFileName)
                        .Where(name => matcher.Matches(name!))
                        .ToArray();
                    Array.Sort(names, Utf8OrdinalComparer.Instance);
                    next.AddRange(names.Select(name => GoPath.Join(parent, name!)));
                }

                current = next;
            }

            return current;
        }
    }
}
