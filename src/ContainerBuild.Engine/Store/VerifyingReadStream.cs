using System.Security.Cryptography;
using ContainerBuild.Oci;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.Engine.Store;

/// <summary>
/// Reads a stored blob and hashes it on the way; the read that reaches the blob's size (or the end of the file)
/// checks the digest, and on a mismatch removes the blob and throws <see cref="ContentCorruptException"/> instead
/// of returning the last bytes, so a corrupt blob is never served whole, nor served twice.
/// </summary>
internal sealed class VerifyingReadStream : ForwardReadStream
{
    private readonly FileStream inner;
    private readonly IncrementalHash hash;
    private readonly Digest expected;
    private readonly long expectedSize;
    private long position;
    private bool verified;
    private ContentCorruptException? failure;

    public VerifyingReadStream(FileStream inner, Digest expected)
    {
        this.inner = inner;
        this.expected = expected;
        expectedSize = inner.Length;
        hash = BlobHashing.Create(expected.Algorithm);
    }

    /// <summary>The blob's size, known up front (consumers use it for progress and Content-Length).</summary>
    public override long Length => expectedSize;

    public override long Position
    {
        get => position;
        set => base.Position = value;
    }

    public override int Read(Span<byte> buffer)
    {
        ThrowIfFailed();
        var read = inner.Read(buffer);
        return Account(buffer[..read], endOfFile: read == 0 && buffer.Length > 0);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], endOfFile: read == 0 && buffer.Length > 0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, bool endOfFile)
    {
        if (verified)
        {
            // Bytes past a verified end mean the file grew under us: not the blob we checked.
            if (data.Length > 0)
            {
                Fail(actual: null, position + data.Length);
            }

            return 0;
        }

        position += data.Length;
        if (position > expectedSize)
        {
            Fail(actual: null, position);
        }

        hash.AppendData(data);
        if (position == expectedSize || endOfFile)
        {
            verified = true;
            var actual = BlobHashing.Finish(hash, expected.Algorithm);
            if (actual != expected || position != expectedSize)
            {
                Fail(actual, position);
            }
        }

        return data.Length;
    }

    private void Fail(Digest? actual, long actualSize)
    {
        var path = inner.Name;
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still thrown below; the next verified read tries the removal again.
        }
        catch (UnauthorizedAccessException)
        {
        }

        failure = new ContentCorruptException(expected, actual, expectedSize, actualSize, path);
        throw failure;
    }

    private void ThrowIfFailed()
    {
        if (failure is not null)
        {
            throw failure;
        }
    }
}
