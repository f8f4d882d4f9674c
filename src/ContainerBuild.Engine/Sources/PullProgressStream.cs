using ContainerBuild.Oci;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.Engine.Sources;

/// <summary>Reports the bytes of a download as they are read.</summary>
internal sealed class PullProgressStream(Stream inner, Digest digest, long total, IProgress<PullProgress> progress) : ForwardReadStream
{
    private long received;

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
            received += read;
            progress.Report(new PullProgress(digest, received, total));
        }

        return read;
    }
}
