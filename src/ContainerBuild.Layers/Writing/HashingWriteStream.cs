using ContainerBuild.Oci;

namespace ContainerBuild.Layers;

/// <summary>A write-only pass-through that hashes (sha256) and counts every byte on its way to the inner stream.</summary>
internal sealed class HashingWriteStream(Stream inner, bool leaveOpen) : Stream
{
    private readonly DigestHasher hasher = Digest.CreateHasher();

    public Digest Digest => hasher.Current();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => hasher.Length;

    public override long Position
    {
        get => hasher.Length;
        set => throw new NotSupportedException("This stream writes forward only.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hasher.Append(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hasher.Append(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    // Never passed on: a flush inside a compressor would change the compressed bytes.
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream writes forward only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream writes forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("This stream writes forward only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hasher.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
