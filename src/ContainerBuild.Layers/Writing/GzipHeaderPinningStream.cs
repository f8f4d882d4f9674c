namespace ContainerBuild.Layers;

/// <summary>
/// Sits under GZipStream and pins the gzip header's OS byte (offset 9) to 3, Unix: zlib writes the
/// build platform's code there, which would make the same layer differ between Linux and Windows.
/// Does not close the stream below it.
/// </summary>
internal sealed class GzipHeaderPinningStream(Stream inner) : Stream
{
    private const int OsByteOffset = 9;
    private const byte Unix = 3;
    private long written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => written;

    public override long Position
    {
        get => written;
        set => throw new NotSupportedException("This stream writes forward only.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (written <= OsByteOffset && written + buffer.Length > OsByteOffset)
        {
            var copy = buffer.ToArray();
            copy[OsByteOffset - written] = Unix;
            inner.Write(copy);
        }
        else
        {
            inner.Write(buffer);
        }

        written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var start = written;
        written += buffer.Length;
        if (start <= OsByteOffset && start + buffer.Length > OsByteOffset)
        {
            var copy = buffer.ToArray();
            copy[OsByteOffset - start] = Unix;
            return inner.WriteAsync(copy, cancellationToken);
        }

        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream writes forward only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream writes forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("This stream writes forward only.");
}
