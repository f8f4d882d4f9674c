using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Security.Cryptography;
using ContainerBuild.Layers;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>What one layer does to the filesystem below it: entries to add, paths to delete, folders made opaque.</summary>
public sealed record LayerChanges(IReadOnlyList<FileNode> Entries, IReadOnlyList<string> Whiteouts, IReadOnlyList<string> OpaqueDirectories)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    // Base layers are shared by many cases and by both builders: read each (by diff ID) once per test run.
    private static readonly ConcurrentDictionary<Digest, Lazy<Task<LayerChanges>>> Cache = new();

    /// <summary>The layer's changes, read from <paramref name="open"/> unless a layer with the same diff ID was read before.</summary>
    public static Task<LayerChanges> ReadAsync(Digest diffId, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken) =>
        Cache.GetOrAdd(diffId, _ => new Lazy<Task<LayerChanges>>(() => ReadUncachedAsync(open, cancellationToken))).Value;

    private static async Task<LayerChanges> ReadUncachedAsync(Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        var entries = new List<FileNode>();
        var whiteouts = new List<string>();
        var opaque = new List<string>();
        var blob = await open(cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            var (tar, _) = await LayerDecompression.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
            await using (tar.ConfigureAwait(false))
            {
                var reader = new TarReader(tar, leaveOpen: true);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
                        {
                            continue;
                        }

                        var path = Normalize(entry.Name);
                        if (path.Length == 0)
                        {
                            continue; // the root folder: no builder changes it in a way an image keeps
                        }

                        var name = System.IO.Path.GetFileName(path);
                        var parent = Parent(path);
                        if (name == OpaqueMarker)
                        {
                            opaque.Add(parent);
                        }
                        else if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
                        {
                            whiteouts.Add(Join(parent, name[WhiteoutPrefix.Length..]));
                        }
                        else
                        {
                            entries.Add(await DescribeAsync(entry, path, cancellationToken).ConfigureAwait(false));
                        }
                    }
                }
            }
        }

        return new LayerChanges(entries, whiteouts, opaque);
    }

    private static async Task<FileNode> DescribeAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        var type = entry.EntryType switch
        {
            TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => LayerEntryType.File,
            TarEntryType.Directory => LayerEntryType.Directory,
            TarEntryType.SymbolicLink => LayerEntryType.Symlink,
            TarEntryType.HardLink => LayerEntryType.HardLink,
            TarEntryType.CharacterDevice => LayerEntryType.CharacterDevice,
            TarEntryType.BlockDevice => LayerEntryType.BlockDevice,
            TarEntryType.Fifo => LayerEntryType.Fifo,
            _ => throw new InvalidDataException($"{entry.Name}: tar entry type {entry.EntryType} in a layer"),
        };
        string? content = null;
        if (type == LayerEntryType.File)
        {
            content = entry.DataStream is { } data
                ? "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(data, cancellationToken).ConfigureAwait(false))
                : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(ReadOnlySpan<byte>.Empty));
        }

        var posix = entry as PosixTarEntry;
        var link = type switch
        {
            LayerEntryType.Symlink => entry.LinkName,
            LayerEntryType.HardLink => Normalize(entry.LinkName),
            _ => null,
        };
        return new FileNode(path, type, (int)entry.Mode, entry.Uid, entry.Gid, content, link, posix?.DeviceMajor ?? 0, posix?.DeviceMinor ?? 0);
    }

    /// <summary>A tar entry name as a path relative to the root, without <c>./</c>, leading or trailing slashes.</summary>
    public static string Normalize(string name)
    {
        var path = name.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        path = path.Trim('/');
        return path == "." ? "" : path;
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;
}
