using System.Security.Cryptography;
using System.Text;

namespace ContainerBuild.Engine.Local;

/// <summary>
/// The data hashes of one root's files, keyed by what <c>lstat</c> says (size, mtime, ctime, inode), kept in memory
/// and in a small file so the next process skips reading unchanged files. A hash is remembered only for files
/// modified before <see cref="RacyWindow"/>: a write within the same timestamp tick could otherwise go unnoticed.
/// </summary>
internal sealed class FileHashCache
{
    /// <summary>Files changed this recently are hashed every time (coarse file system clocks tick up to 2 s).</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private const uint Magic = 0x4342_4C43; // "CBLC"
    private const int FormatVersion = 1;

    private readonly string root;
    private readonly string? file;
    private readonly Dictionary<string, CachedHash> hashes = new(StringComparer.Ordinal);
    private readonly HashSet<string> touched = new(StringComparer.Ordinal);
    private bool loaded;
    private bool dirty;

    public FileHashCache(string root, string? cacheDirectory)
    {
        this.root = root;
        if (cacheDirectory is not null)
        {
            var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..32];
            file = Path.Join(cacheDirectory, "local-checksums", name + ".bin");
        }
    }

    /// <summary>Held by whoever reads or changes this cache.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public string? FilePath => file;

    public void EnsureLoaded()
    {
        if (loaded)
        {
            return;
        }

        loaded = true;
        if (file is null || !File.Exists(file))
        {
            return;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(file), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != root)
            {
                return;
            }

            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var path = reader.ReadString();
                var key = new StatKey(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadUInt64());
                hashes[path] = new CachedHash(key, reader.ReadBytes(EntryHashing.HashSize));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or DecoderFallbackException)
        {
            // A damaged or foreign cache file only costs a rehash.
            hashes.Clear();
        }
    }

    public bool TryGet(string path, FileStatus status, out byte[] hash)
    {
        touched.Add(path);
        if (hashes.TryGetValue(path, out var cached) && cached.Key == StatKey.Of(status))
        {
            hash = cached.Hash;
            return true;
        }

        hash = [];
        return false;
    }

    public void Set(string path, FileStatus status, byte[] hash, long hashingStartedNanoseconds)
    {
        touched.Add(path);
        var racyLimit = hashingStartedNanoseconds - (long)RacyWindow.TotalNanoseconds;
        // A later write would carry a later mtime than an old one; only a recent mtime could repeat.
        if (status.ModifiedNanoseconds >= racyLimit)
        {
            dirty |= hashes.Remove(path);
            return;
        }

        hashes[path] = new CachedHash(StatKey.Of(status), hash);
        dirty = true;
    }

    /// <summary>Writes the cache file if anything changed; with <paramref name="pruneUntouched"/>, forgets files not seen since the last save.</summary>
    public void Save(bool pruneUntouched)
    {
        if (pruneUntouched)
        {
            foreach (var path in hashes.Keys.Where(p => !touched.Contains(p)).ToList())
            {
                hashes.Remove(path);
                dirty = true;
            }

            touched.Clear();
        }

        if (!dirty || file is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var writer = new BinaryWriter(File.Create(temp), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(root);
                writer.Write(hashes.Count);
                foreach (var (path, cached) in hashes)
                {
                    writer.Write(path);
                    writer.Write(cached.Key.Size);
                    writer.Write(cached.Key.Modified);
                    writer.Write(cached.Key.Changed);
                    writer.Write(cached.Key.Inode);
                    writer.Write(cached.Hash);
                }
            }

            File.Move(temp, file, overwrite: true);
            dirty = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written is only slower next time.
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private readonly record struct StatKey(long Size, long Modified, long Changed, ulong Inode)
    {
        public static StatKey Of(FileStatus status) => new(status.Size, status.ModifiedNanoseconds, status.ChangedNanoseconds, status.Inode);
    }

    private readonly record struct CachedHash(StatKey Key, byte[] Hash);
}
