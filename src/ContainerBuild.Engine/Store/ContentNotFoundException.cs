using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Store;

/// <summary>A blob was asked for that the store does not hold.</summary>
public sealed class ContentNotFoundException : ContentStoreException
{
    public ContentNotFoundException(Digest digest, string root, Exception? innerException = null)
        : base($"The content store at '{root}' holds no blob {digest}.", innerException)
    {
        Digest = digest;
        Root = root;
    }

    public Digest Digest { get; }

    public string Root { get; }
}
