using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// The index's bytes on disk: a header naming the layer blob it lists, its entries (path, type, mode, owner, link
/// target), whiteouts and opaque folders, and an end marker, so a file cut short or meant for another blob reads as none.
/// </summary>
internal sealed partial class LayerIndex
{
    private const int FormatVersion = 1;
    private const int EndMarker = 0x58444E45; // "ENDX"
    private static readonly byte[] Magic = "cb-layer-index\n"u8.ToArray();

    public void WriteTo(Stream stream, Digest blob)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(blob.ToString());
        writer.Write(entries.Count);
        foreach (var (path, entry) in entries)
        {
            writer.Write(path);
            writer.Write((byte)entry.Type);
            writer.Write(entry.Mode);
            writer.Write(entry.Uid);
            writer.Write(entry.Gid);
            writer.Write(entry.LinkTarget is not null);
            if (entry.LinkTarget is { } target)
            {
                writer.Write(target);
            }
        }

        WriteAll(writer, whiteouts);
        WriteAll(writer, opaque);
        writer.Write(EndMarker);
    }

    /// <summary>The index written for <paramref name="blob"/>; null when the bytes are not a whole index of it.</summary>
    public static LayerIndex? ReadFrom(Stream stream, Digest blob)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion
                || !string.Equals(reader.ReadString(), blob.ToString(), StringComparison.Ordinal))
            {
                return null;
            }

            var index = new LayerIndex();
            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                var path = reader.ReadString();
                var type = (FsEntryType)reader.ReadByte();
                var mode = reader.ReadInt32();
                var uid = reader.ReadInt64();
                var gid = reader.ReadInt64();
                var target = reader.ReadBoolean() ? reader.ReadString() : null;
                index.AddEntry(path, new FsEntry(type, mode, uid, gid, target));
            }

            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                index.AddWhiteout(reader.ReadString());
            }

            for (var count = reader.ReadInt32(); count > 0; count--)
            {
                index.opaque.Add(reader.ReadString());
            }

            return reader.ReadInt32() == EndMarker ? index : null;
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    private static void WriteAll(BinaryWriter writer, HashSet<string> paths)
    {
        writer.Write(paths.Count);
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            writer.Write(path);
        }
    }
}
