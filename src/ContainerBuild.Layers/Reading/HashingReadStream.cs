using ContainerBuild.Oci;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.Layers;

/// <summary>A read-only pass-through that hashes (sha256) every byte read: the diff id of the tar being read.</summary>
internal sealed class HashingReadStream(Stream inner) : ForwardReadStream
{
    private readonly DigestHasher hasher = Digest.CreateHasher();

    public Digest Digest => hasher.Current();

    public override long Position
    {
        get => hasher.Length;
        set => base.Position = value;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        hasher.Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        hasher.Append(buffer.Span[..read]);
        return read;
    }

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
