using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>Bytes written to the store were not of the expected size; nothing was stored.</summary>
public sealed class ContentSizeMismatchException : ContentStoreException
{
    public ContentSizeMismatchException(Digest? expected, long expectedSize, long actualSize, bool stoppedEarly)
        : base($"Content {expected?.ToString() ?? "(no digest given)"} was expected to be {expectedSize} bytes but was "
            + $"{(stoppedEarly ? "more than " : "")}{(stoppedEarly ? expectedSize : actualSize)} bytes; it was not stored.")
    {
        Expected = expected;
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
        StoppedEarly = stoppedEarly;
    }

    public Digest? Expected { get; }

    public long ExpectedSize { get; }

    /// <summary>The bytes seen; a lower bound when <see cref="StoppedEarly"/> (reading stopped once past the expected size).</summary>
    public long ActualSize { get; }

    public bool StoppedEarly { get; }
}
