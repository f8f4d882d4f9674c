using System.Security.Cryptography;
using ContainerBuild.Oci;
using ContainerBuild.Oci.IO;

namespace ContainerBuild.Registry;

/// <summary>
/// A read-only stream that hashes what passes through and, when the end is reached, throws
/// <see cref="BlobDigestMismatchException"/> unless the bytes match the expected digest and size.
/// More bytes than expected fail at once; a stream that ends early fails as a short read.
/// </summary>
public sealed class VerifyingStream : ForwardReadStream
{
    private readonly Stream inner;
    private readonly Digest expected;
    private readonly long? expectedSize;
    private readonly string? source;
    private readonly IDisposable? owner;
    private readonly IncrementalHash hash;
    private long length;
    private bool verified;

    /// <param name="inner">The bytes as they arrive.</param>
    /// <param name="expected">The digest they must have.</param>
    /// <param name="expectedSize">Their size, when known.</param>
    /// <param name="source">Where they come from (a redacted URL), for the error message.</param>
    /// <param name="owner">Disposed with the stream (the HTTP response).</param>
    public VerifyingStream(Stream inner, Digest expected, long? expectedSize, string? source = null, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.source = source;
        this.owner = owner;
        hash = IncrementalHash.CreateHash(expected.Algorithm == Digest.Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => length;

    public override long Length => expectedSize ?? throw new NotSupportedException("The length is not known.");

    public override long Position
    {
        get => length;
        set => base.Position = value;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Account(buffer[..read], buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], buffer.Length);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
            hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, int asked)
    {
        if (data.Length == 0)
        {
            if (asked > 0)
            {
                Verify();
            }

            return 0;
        }

        hash.AppendData(data);
        length += data.Length;
        if (expectedSize is { } size && length > size)
        {
            throw new BlobDigestMismatchException(expected, null, size, length, source);
        }

        return data.Length;
    }

    private void Verify()
    {
        if (verified)
        {
            return;
        }

        if (expectedSize is { } size && size != length)
        {
            throw new BlobDigestMismatchException(expected, null, size, length, source);
        }

        var actual = Digest.Parse($"{expected.Algorithm}:{Convert.ToHexStringLower(hash.GetCurrentHash())}");
        if (actual != expected)
        {
            throw new BlobDigestMismatchException(expected, actual, expectedSize, length, source);
        }

        verified = true;
    }
}
