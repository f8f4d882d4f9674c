using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>Bytes written to the store hashed to another digest than the one expected; nothing was stored.</summary>
public sealed class ContentDigestMismatchException : ContentStoreException
{
    public ContentDigestMismatchException(Digest expected, Digest actual, long size)
        : base($"Content expected to be {expected} is {actual} ({size} bytes); it was not stored.")
    {
        Expected = expected;
        Actual = actual;
        Size = size;
    }

    public Digest Expected { get; }

    public Digest Actual { get; }

    public long Size { get; }
}
