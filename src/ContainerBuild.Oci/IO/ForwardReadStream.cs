namespace ContainerBuild.Oci.IO;

/// <summary>
/// The base of our read-only, forward-only stream wrappers (hashing, verifying, counting, teeing):
/// one place for <see cref="Stream"/>'s boilerplate, so each wrapper states only what it does to
/// the bytes. A wrapper implements the span and memory reads; the array overloads route to them.
/// </summary>
public abstract class ForwardReadStream : Stream
{
    private const string ForwardOnly = "This stream reads forward only.";

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    /// <summary>Unknown unless the wrapper knows it (a blob of a known size).</summary>
    public override long Length => throw new NotSupportedException("This stream reads forward only; its length is not known.");

    /// <summary>Bytes read so far, where the wrapper counts them.</summary>
    public override long Position
    {
        get => throw new NotSupportedException(ForwardOnly);
        set => throw new NotSupportedException(ForwardOnly);
    }

    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException(ForwardOnly);

    public sealed override void SetLength(long value) => throw new NotSupportedException(ForwardOnly);

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException(ForwardOnly);
}
