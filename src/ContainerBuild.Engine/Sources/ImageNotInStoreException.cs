using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>The <c>local</c> resolve mode found no earlier resolution of the image in the store (and may not ask the registry).</summary>
public sealed class ImageNotInStoreException : ImageSourceException
{
    public ImageNotInStoreException(ImageReference reference, Platform platform, string storeRoot)
        : base($"The image {reference} for {platform} is not in the content store at '{storeRoot}', and the resolve mode 'local' does not ask the registry. Resolve it once with the mode 'default' or 'pull' (or without --resolve-mode local).")
    {
        Reference = reference;
        Platform = platform;
        StoreRoot = storeRoot;
    }

    public ImageNotInStoreException()
    {
        Platform = Platform.LinuxAmd64;
        StoreRoot = "";
    }

    public ImageNotInStoreException(string message)
        : base(message)
    {
        Platform = Platform.LinuxAmd64;
        StoreRoot = "";
    }

    public ImageNotInStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Platform = Platform.LinuxAmd64;
        StoreRoot = "";
    }

    public ImageReference? Reference { get; }

    public Platform Platform { get; }

    public string StoreRoot { get; }
}
