using System.Formats.Tar;
using System.IO.Compression;
using ContainerBuild.Layers;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// ADD's archive extraction (BuildKit's attemptUnpackDockerCompatibility): a local tar, plain or compressed with gzip,
/// bzip2 or xz, lands as its entries; a compressed file that is not a tar is copied as it is. gzip is the BCL's; bzip2
/// and xz, which the BCL lacks, are the host's programs (<see cref="HostDecompressor"/>).
/// </summary>
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
        var compression = start switch
        {
            [0x1f, 0x8b, ..] => Kind.Gzip,
            [(byte)'B', (byte)'Z', (byte)'h', ..] => Kind.Bzip2,
            [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => Kind.Xz,
            _ => Kind.NotArchive,
        };
        if (compression != Kind.NotArchive)
        {
            // Only a tar inside makes it an archive (BuildKit's isArchivePath reads the first header of the decompressed stream).
            return StartsWithTarHeader(fullPath, compression) ? compression : Kind.NotArchive;
        }

        return length >= 262 && start.Slice(257, 5).SequenceEqual("ustar"u8) ? Kind.Tar : Kind.NotArchive;
    }

    private static bool StartsWithTarHeader(string fullPath, Kind compression)
    {
        var header = new byte[512];
        int length;
        if (compression == Kind.Gzip)
        {
            using var file = File.OpenRead(fullPath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            try
            {
                length = gzip.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
        else
        {
            using var program = HostDecompressor.Start(ProgramOf(compression), fullPath);
            length = program.Output.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        return length == header.Length && IsTarHeader(header);
    }

    /// <summary>A tar header block: its checksum (unsigned or signed byte sum, the field counted as spaces) matches, as Go's archive/tar checks.</summary>
    internal static bool IsTarHeader(ReadOnlySpan<byte> block)
    {
        var field = System.Text.Encoding.ASCII.GetString(block.Slice(148, 8)).Trim(' ', '\0');
        if (field.Length == 0 || !field.All(c => c is >= '0' and <= '7'))
        {
            return false;
        }

        var stored = Convert.ToInt64(field, 8);
        long unsigned = 0, signed = 0;
        for (var i = 0; i < 512; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }

    private static string ProgramOf(Kind compression) => compression == Kind.Xz ? "xz" : "bzip2";

    /// <summary>The archive's entries, paths cleaned and relative to where it is unpacked; file contents are written under <paramref name="tempDirectory"/>.</summary>
    /// <exception cref="ArchiveDecompressionException">bzip2 or xz is missing, or failed on the file.</exception>
    public static async Task<IReadOnlyList<(string Path, FsEntry Entry, LayerFileSource? Content)>> ReadAsync(string fullPath, Kind kind, string tempDirectory, CancellationToken cancellationToken)
    {
        if (kind is Kind.Bzip2 or Kind.Xz)
        {
            using (var program = HostDecompressor.Start(ProgramOf(kind), fullPath))
            {
                List<(string Path, FsEntry Entry, LayerFileSource? Content)> entries;
                try
                {
                    entries = await ReadEntriesAsync(program.Output, tempDirectory, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    await program.CompleteAsync(cancellationToken).ConfigureAwait(false); // the decompressor's own error says more than a cut-off tar
                    throw;
                }

                await program.CompleteAsync(cancellationToken).ConfigureAwait(false); // a truncated or corrupt file fails here
                return entries;
            }
        }

        var file = File.OpenRead(fullPath);
        await using (file.ConfigureAwait(false))
        {
            Stream tar = kind == Kind.Gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            await using (tar.ConfigureAwait(false))
            {
                return await ReadEntriesAsync(tar, tempDirectory, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<List<(string Path, FsEntry Entry, LayerFileSource? Content)>> ReadEntriesAsync(Stream tar, string tempDirectory, CancellationToken cancellationToken)
    {
        var entries = new List<(string, FsEntry, LayerFileSource?)>();
        var contents = new Dictionary<string, LayerFileSource>(StringComparer.Ordinal);
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

        return entries;
    }
}
