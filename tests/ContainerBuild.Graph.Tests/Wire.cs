using System.Text;
using ContainerBuild.Graph.Pb;
using Google.Protobuf;

namespace ContainerBuild.Graph.Tests;

/// <summary>Builds expected protobuf bytes by hand (independent of Google.Protobuf), for byte-exact checks.</summary>
internal static class Wire
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    public static byte[] Int(int field, long value) => [.. Tag(field, 0), .. Varint(unchecked((ulong)value))];

    public static byte[] Len(int field, params byte[][] content)
    {
        var body = content.SelectMany(c => c).ToArray();
        return [.. Tag(field, 2), .. Varint((ulong)body.Length), .. body];
    }

    public static byte[] Str(int field, string value) => Len(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static Op ParseOp(ReadOnlyMemory<byte> bytes) => Op.Parser.ParseFrom(bytes.Span);

    public static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);
}
