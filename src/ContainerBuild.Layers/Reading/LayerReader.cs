using System.Formats.Tar;
using System.Runtime.CompilerServices;
using ZstdSharp;

namespace ContainerBuild.Layers;

/// <summary>Reads the entries of a layer blob (gzip, zstd or plain tar, found by magic bytes).</summary>
public static class LayerReader
{
    /// <summary>Lists every entry's header, in tar order, without extracting anything.</summary>
    /// <exception cref="LayerFormatException">The blob is not a valid (compressed) tar.</exception>
    public static async IAsyncEnumerable<LayerEntryInfo> ListAsync(Stream blob, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (tar, _) = await LayerDecompression.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
        await using (tar.ConfigureAwait(false))
        {
            var reader = new TarReader(tar, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                string? last = null;
                while (await NextAsync(reader, last, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    last = entry.Name;
                    var info = Describe(entry);
                    if (info is not null)
                    {
                        yield return info;
                    }
                }
            }
        }
    }

    /// <summary>The next entry, with every way a broken blob fails turned into a <see cref="LayerFormatException"/>.</summary>
    internal static async ValueTask<TarEntry?> NextAsync(TarReader reader, string? previous, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFormatProblem(e))
        {
            throw new LayerFormatException(previous, Explain(e, previous), e);
        }
    }

    internal static bool IsFormatProblem(Exception e) =>
        e is InvalidDataException or EndOfStreamException or FormatException or ZstdException or ArgumentOutOfRangeException;

    internal static string Explain(Exception e, string? previous) => e switch
    {
        EndOfStreamException => previous is null ? "it ends before the first entry is complete" : "it ends in the middle of this entry or the next",
        ZstdException => "the zstd data is corrupt (" + e.Message + ")",
        _ => e.Message.TrimEnd('.'),
    };

    /// <summary>The entry as a listing row, or null for entries that carry only metadata (PAX globals).</summary>
    internal static LayerEntryInfo? Describe(TarEntry entry)
    {
        var type = TypeOf(entry);
        if (type is null)
        {
            return null;
        }

        var posix = entry as PosixTarEntry;
        return new LayerEntryInfo(
            entry.Name,
            type.Value,
            (int)entry.Mode,
            entry.Uid,
            entry.Gid,
            entry.Length,
            string.IsNullOrEmpty(entry.LinkName) ? null : entry.LinkName,
            entry.ModificationTime,
            string.IsNullOrEmpty(posix?.UserName) ? null : posix.UserName,
            string.IsNullOrEmpty(posix?.GroupName) ? null : posix.GroupName,
            posix?.DeviceMajor ?? 0,
            posix?.DeviceMinor ?? 0);
    }

    private static LayerEntryType? TypeOf(TarEntry entry) => entry.EntryType switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => LayerEntryType.File,
        TarEntryType.Directory => LayerEntryType.Directory,
        TarEntryType.SymbolicLink => LayerEntryType.Symlink,
        TarEntryType.HardLink => LayerEntryType.HardLink,
        TarEntryType.CharacterDevice => LayerEntryType.CharacterDevice,
        TarEntryType.BlockDevice => LayerEntryType.BlockDevice,
        TarEntryType.Fifo => LayerEntryType.Fifo,
        TarEntryType.GlobalExtendedAttributes => null,
        _ => throw new LayerFormatException(entry.Name, $"the entry type {entry.EntryType} cannot be part of a layer"),
    };
}
