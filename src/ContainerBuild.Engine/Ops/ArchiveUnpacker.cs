using System.Formats.Tar;
using System.IO.Compression;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>ADD's archive extraction (BuildKit's attemptUnpackDockerCompatibility): a local tar, plain or gzip, lands as its entries.</summary>
internal static class ArchiveUnpacker
{
    public enum Kind
    {
        NotArchive,
        Tar,
        Gzip,
        Bzip2,
        Xz,
    }

    /// <summary>What a file is, by its first bytes (as Docker's archive detection does).</summary>
    public static Kind Detect(string fullPath)
    {
        var header = new byte[512];
        int length;
        using (var file = File.OpenRead(fullPath))
        {
            length = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        var start = header.AsSpan(0, length);
        if (start is [0x1f, 0x8b, ..])
        {
            return Kind.Gzip;
        }

        if (start is [(byte)'B', (byte)'Z', (byte)'h', ..])
        {
            return Kind.Bzip2;
        }

        if (start is [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..])
        {
            return Kind.Xz;
        }

        return length >= 262 && start.Slice(257, 5).SequenceEqual("ustar"u8) ? Kind.Tar : Kind.NotArchive;
    }

    /// <summary>The archive's entries, paths cleaned and relative to where it is unpacked; file contents are written under <paramref name="tempDirectory"/>.</summary>
    public static async Task<IReadOnlyList<(string Path, FsEntry Entry, LayerFileSource? Content)>> ReadAsync(string fullPath, Kind kind, string tempDirectory, CancellationToken cancellationToken)
    {
        var entries = new List<(string, FsEntry, LayerFileSource?)>();
        var contents = new Dictionary<string, LayerFileSource>(StringComparer.Ordinal);
        var file = File.OpenRead(fullPath);
        await using (file.ConfigureAwait(false))
        {
            Stream tar = kind == Kind.Gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            await using (tar.ConfigureAwait(false))
            {
                var reader = new TarReader(tar, leaveOpen: true);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        var path = FsPaths.Clean(entry.Name);
                        if (path.Length == 0 && entry.EntryType != TarEntryType.Directory)
                        {
                            continue;
                        }

                        var mode = (int)entry.Mode & 0xFFF;
                        switch (entry.EntryType)
                        {
                            case TarEntryType.Directory:
                                entries.Add((path, new FsEntry(FsEntryType.Directory, mode, entry.Uid, entry.Gid), null));
                                break;
                            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                                var temp = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N"));
                                var output = File.Create(temp);
                                await using (output.ConfigureAwait(false))
                                {
                                    if (entry.DataStream is { } data)
                                    {
                                        await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                                    }
                                }

                                var content = LayerFileSource.FromPath(temp);
                                contents[path] = content;
                                entries.Add((path, new FsEntry(FsEntryType.File, mode, entry.Uid, entry.Gid), content));
                                break;
                            case TarEntryType.SymbolicLink:
                                entries.Add((path, new FsEntry(FsEntryType.Symlink, mode, entry.Uid, entry.Gid, entry.LinkName), null));
                                break;
                            case TarEntryType.HardLink when contents.TryGetValue(FsPaths.Clean(entry.LinkName), out var linked):
                                // Our changes hold no hard links: the member gets the target's content as its own file.
                                entries.Add((path, new FsEntry(FsEntryType.File, mode, entry.Uid, entry.Gid), linked));
                                break;
                            default:
                                // Devices, fifos and PAX metadata do not become part of the layer.
                                break;
                        }
                    }
                }
            }
        }

        return entries;
    }
}
