using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

/// <summary>A manifest's bytes do not hash to the digest that was asked for or that the registry announced.</summary>
public sealed class ManifestDigestMismatchException : RegistryException
{
    public ManifestDigestMismatchException()
    {
    }

    public ManifestDigestMismatchException(string message)
        : base(message)
    {
    }

    public ManifestDigestMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ManifestDigestMismatchException(Digest expected, Digest actual, RegistryFailure failure)
        : base($"The manifest from {failure?.RedactedUrl} does not match its digest: expected {expected}, got {actual}.", failure ?? throw new ArgumentNullException(nameof(failure)))
    {
        Expected = expected;
        Actual = actual;
    }

    public Digest Expected { get; }

    public Digest Actual { get; }
}
