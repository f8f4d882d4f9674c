using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>
/// A stored blob's bytes no longer match its digest (disk damage, a tampered file). The blob has been
/// removed by the time this is thrown, so the next build fetches it again.
/// </summary>
public sealed class ContentCorruptException : ContentStoreException
{
    public ContentCorruptException(Digest expected, Digest? actual, long expectedSize, long actualSize, string path)
        : base($"The stored blob {expected} at '{path}' is corrupt: it read as "
            + $"{actual?.ToString() ?? "(not hashed)"} with {actualSize} bytes where {expectedSize} were on disk; it was removed.")
    {
        Expected = expected;
        Actual = actual;
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
        Path = path;
    }

    public Digest Expected { get; }

    /// <summary>The digest of what was read; null when reading stopped before the end (more bytes than the file had at open).</summary>
    public Digest? Actual { get; }

    public long ExpectedSize { get; }

    public long ActualSize { get; }

    public string Path { get; }
}
