using ContainerBuild.Oci.IO;

namespace ContainerBuild.Layers;

/// <summary>Reads some bytes already taken from a stream, then the rest of it (the magic-byte peek); leaves the inner stream open.</summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream inner) : ForwardReadStream
{
    private ReadOnlyMemory<byte> remainingPrefix = prefix;

    public override int Read(Span<byte> buffer) =>
        remainingPrefix.IsEmpty ? inner.Read(buffer) : TakePrefix(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        remainingPrefix.IsEmpty ? inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(TakePrefix(buffer.Span));

    private int TakePrefix(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, remainingPrefix.Length);
        remainingPrefix.Span[..count].CopyTo(buffer);
        remainingPrefix = remainingPrefix[count..];
        return count;
    }
}
