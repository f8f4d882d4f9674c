using ContainerBuild.Oci;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.Registry;

/// <summary>Reports the bytes of an upload as the HTTP stack reads them from the source.</summary>
internal sealed class ProgressStream(Stream inner, Digest digest, long total, IProgress<BlobProgress>? progress, Action<int> counted) : ForwardReadStream
{
    private long sent;

    public override long Length => total;

    public override long Position
    {
        get => sent;
        set => base.Position = value;
    }

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

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
