using System.Buffers;
using System.Globalization;
using System.Text;

namespace ContainerBuild.Layers;

/// <summary>
/// Writes the tar header of one entry: a USTAR header where the entry fits, preceded by a PAX
/// extended header only for what USTAR cannot hold (long or non-ASCII names, long link names,
/// sizes of 8 GiB and more, ids above 2097151, long or non-ASCII user/group names). Every byte is
/// decided here: zero-padded octal numbers, no atime/ctime, zero device numbers, names only when
/// given, and a PAX header named <c>PaxHeaders/NAME</c> (never a process id).
/// </summary>
internal static class TarHeaderWriter
{
    public const int BlockSize = 512;
    private const int NameSize = 100;
    private const int PrefixSize = 155;
    private const int OwnerNameSize = 32;
    private const long MaxOctal7 = 0x1FFFFF; // 07777777
    private const long MaxOctal11 = 0x1FFFFFFFF; // 077777777777: 8 GiB - 1

    /// <summary>Appends the header block(s) for <paramref name="entry"/> to <paramref name="output"/>.</summary>
    public static void Write(PlannedEntry entry, IBufferWriter<byte> output)
    {
        var name = entry.Type == PlannedType.Directory ? entry.Path + "/" : entry.Path;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var pax = new SortedDictionary<string, string>(StringComparer.Ordinal);

        var fitsUstarName = TrySplitName(nameBytes, out var prefixLength);
        if (!fitsUstarName)
        {
            pax["path"] = name;
        }

        byte[] linkBytes = [];
        if (entry.LinkTarget is { } link)
        {
            linkBytes = Encoding.UTF8.GetBytes(link);
            if (linkBytes.Length > NameSize || !Ascii.IsValid(linkBytes))
            {
                pax["linkpath"] = link;
            }
        }

        var size = entry.Size;
        if (size > MaxOctal11)
        {
            pax["size"] = size.ToString(CultureInfo.InvariantCulture);
        }

        if (entry.Owner.UserId > MaxOctal7)
        {
            pax["uid"] = entry.Owner.UserId.ToString(CultureInfo.InvariantCulture);
        }

        if (entry.Owner.GroupId > MaxOctal7)
        {
            pax["gid"] = entry.Owner.GroupId.ToString(CultureInfo.InvariantCulture);
        }

        var userName = OwnerName(entry.Owner.UserName, "uname", pax);
        var groupName = OwnerName(entry.Owner.GroupName, "gname", pax);

        if (pax.Count > 0)
        {
            WritePax(entry, pax, output);
        }

        var header = output.GetSpan(BlockSize)[..BlockSize];
        header.Clear();
        if (fitsUstarName)
        {
            nameBytes.AsSpan(prefixLength == 0 ? 0 : prefixLength + 1).CopyTo(header[..NameSize]);
            nameBytes.AsSpan(0, prefixLength).CopyTo(header.Slice(345, PrefixSize));
        }
        else
        {
            Fallback(nameBytes, NameSize).CopyTo(header);
        }

        WriteOctal(header.Slice(100, 8), entry.Mode);
        WriteOctal(header.Slice(108, 8), entry.Owner.UserId > MaxOctal7 ? 0 : entry.Owner.UserId);
        WriteOctal(header.Slice(116, 8), entry.Owner.GroupId > MaxOctal7 ? 0 : entry.Owner.GroupId);
        WriteOctal(header.Slice(124, 12), size > MaxOctal11 ? 0 : size);
        WriteOctal(header.Slice(136, 12), Math.Min(entry.ModifiedSeconds, MaxOctal11));
        header[156] = entry.Type switch
        {
            PlannedType.File => (byte)'0',
            PlannedType.HardLink => (byte)'1',
            PlannedType.Symlink => (byte)'2',
            _ => (byte)'5',
        };
        if (linkBytes.Length > 0)
        {
            Fallback(linkBytes, NameSize).CopyTo(header.Slice(157, NameSize));
        }

        "ustar\000"u8.CopyTo(header[257..]);
        userName.CopyTo(header.Slice(265, OwnerNameSize));
        groupName.CopyTo(header.Slice(297, OwnerNameSize));
        WriteOctal(header.Slice(329, 8), 0);
        WriteOctal(header.Slice(337, 8), 0);
        Seal(header);
        output.Advance(BlockSize);
    }

    /// <summary>Whether the name fits USTAR (ASCII, name &lt;= 100, or prefix &lt;= 155 + '/' + name &lt;= 100).</summary>
    private static bool TrySplitName(byte[] name, out int prefixLength)
    {
        prefixLength = 0;
        if (!Ascii.IsValid(name))
        {
            return false;
        }

        if (name.Length <= NameSize)
        {
            return true;
        }

        // The first '/' that leaves at most 100 bytes after it: the longest name part, a fixed choice.
        var end = name[^1] == (byte)'/' ? name.Length - 1 : name.Length;
        for (var i = Math.Max(0, name.Length - NameSize - 1); i < end && i <= PrefixSize; i++)
        {
            if (name[i] == (byte)'/' && i > 0)
            {
                prefixLength = i;
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> OwnerName(string? value, string key, SortedDictionary<string, string> pax)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > OwnerNameSize || !Ascii.IsValid(bytes))
        {
            pax[key] = value;
            return Fallback(bytes, OwnerNameSize);
        }

        return bytes;
    }

    /// <summary>What a USTAR-only reader sees when PAX holds the real value: ASCII, '_' for the rest, cut to fit.</summary>
    private static byte[] Fallback(byte[] value, int size)
    {
        var result = new byte[Math.Min(value.Length, size)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = value[i] is > 0 and < 0x80 ? value[i] : (byte)'_';
        }

        return result;
    }

    private static void WritePax(PlannedEntry entry, SortedDictionary<string, string> records, IBufferWriter<byte> output)
    {
        var data = new ArrayBufferWriter<byte>();
        foreach (var (key, value) in records)
        {
            var text = $" {key}={value}\n";
            var baseLength = Encoding.UTF8.GetByteCount(text);
            var digits = Digits(baseLength);
            if (Digits(baseLength + digits) > digits)
            {
                digits++;
            }

            Encoding.UTF8.GetBytes((baseLength + digits).ToString(CultureInfo.InvariantCulture) + text, data);
        }

        var header = output.GetSpan(BlockSize)[..BlockSize];
        header.Clear();
        var baseName = Encoding.UTF8.GetBytes(LayerPath.Name(entry.Path));
        var paxName = Encoding.ASCII.GetBytes("PaxHeaders/");
        paxName.CopyTo(header);
        Fallback(baseName, NameSize - paxName.Length).CopyTo(header[paxName.Length..]);
        WriteOctal(header.Slice(100, 8), UnixMode.File);
        WriteOctal(header.Slice(108, 8), 0);
        WriteOctal(header.Slice(116, 8), 0);
        WriteOctal(header.Slice(124, 12), data.WrittenCount);
        WriteOctal(header.Slice(136, 12), Math.Min(entry.ModifiedSeconds, MaxOctal11));
        header[156] = (byte)'x';
        "ustar\000"u8.CopyTo(header[257..]);
        WriteOctal(header.Slice(329, 8), 0);
        WriteOctal(header.Slice(337, 8), 0);
        Seal(header);
        output.Advance(BlockSize);

        var padded = (data.WrittenCount + BlockSize - 1) / BlockSize * BlockSize;
        var body = output.GetSpan(padded)[..padded];
        body.Clear();
        data.WrittenSpan.CopyTo(body);
        output.Advance(padded);
    }

    private static int Digits(int value) => value.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>Zero-padded octal filling all but the last byte, which is NUL.</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        var digits = field.Length - 1;
        for (var i = digits - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }

        field[digits] = 0;
    }

    /// <summary>The checksum: the byte sum with the field read as spaces, as six octal digits, NUL, space.</summary>
    private static void Seal(Span<byte> header)
    {
        header.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        WriteOctal(header.Slice(148, 7), sum);
        header[155] = (byte)' ';
    }
}
