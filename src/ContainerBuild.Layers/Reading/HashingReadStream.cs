using ContainerBuild.Oci;

namespace ContainerBuild.Layers;

/// <summary>A read-only pass-through that hashes (sha256) every byte read: the diff id of the tar being read.</summary>
internal sealed class HashingReadStream(Stream inner) : Stream
{
    private readonly DigestHasher hasher = Digest.CreateHasher();

    public Digest Digest => hasher.Current();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("This stream reads forward only.");

    public override long Position
    {
        get => hasher.Length;
        set => throw new NotSupportedException("This stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        hasher.Append(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hasher.Append(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("This stream reads forward only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream reads forward only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hasher.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
