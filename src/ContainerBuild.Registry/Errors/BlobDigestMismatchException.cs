using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

/// <summary>Bytes read from a registry do not match the digest (or size) they were asked for by.</summary>
public sealed class BlobDigestMismatchException : RegistryException
{
    public BlobDigestMismatchException()
    {
    }

    public BlobDigestMismatchException(string message)
        : base(message)
    {
    }

    public BlobDigestMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BlobDigestMismatchException(Digest expected, Digest? actual, long? expectedSize, long actualSize, string? source)
        : base(Describe(expected, actual, expectedSize, actualSize, source))
    {
        Expected = expected;
        Actual = actual;
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
    }

    public Digest Expected { get; }

    /// <summary>The digest of what arrived, or null when the read stopped early (size mismatch).</summary>
    public Digest? Actual { get; }

    public long? ExpectedSize { get; }

    public long ActualSize { get; }

    private static string Describe(Digest expected, Digest? actual, long? expectedSize, long actualSize, string? source)
    {
        var from = source is null ? "" : $" from {source}";
        if (expectedSize is { } size && size != actualSize)
        {
            var kind = actualSize < size ? "short read" : "too many bytes";
            return $"Content {expected}{from} has the wrong size ({kind}): expected {size} bytes, got {actualSize}.";
        }

        return $"Content{from} does not match its digest: expected {expected}, got {actual} ({actualSize} bytes).";
    }
}
