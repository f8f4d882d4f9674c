namespace ContainerBuild.Layers;

/// <summary>The "no compression" stage: passes writes through and leaves the stream below open.</summary>
internal sealed class NonClosingStream(Stream inner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException("This stream writes forward only.");

    public override long Position
    {
        get => throw new NotSupportedException("This stream writes forward only.");
        set => throw new NotSupportedException("This stream writes forward only.");
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream writes forward only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream writes forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("This stream writes forward only.");
}
