using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

/// <summary>Reports the bytes of an upload as the HTTP stack reads them from the source.</summary>
internal sealed class ProgressStream(Stream inner, Digest digest, long total, IProgress<BlobProgress>? progress, Action<int> counted) : Stream
{
    private long sent;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => total;

    public override long Position
    {
        get => sent;
        set => throw new NotSupportedException("This stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        if (read > 0)
        {
            sent += read;
            counted(read);
            progress?.Report(new BlobProgress(digest, sent, total));
        }

        return read;
    }
}
