using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>The image's index offers no manifest that runs on the platform asked for.</summary>
public sealed class ImagePlatformNotFoundException : ImageSourceException
{
    public ImagePlatformNotFoundException(ImageReference reference, Digest index, Platform wanted, IReadOnlyList<Platform> offered)
        : base($"The image {reference} ({index}) has no manifest for {wanted}; it offers {(offered.Count == 0 ? "no platforms" : string.Join(", ", offered))}. Build for one of those platforms or choose another image.")
    {
        Reference = reference;
        Index = index;
        Wanted = wanted;
        Offered = offered;
    }

    public ImagePlatformNotFoundException()
    {
        Wanted = Platform.LinuxAmd64;
        Offered = [];
    }

    public ImagePlatformNotFoundException(string message)
        : base(message)
    {
        Wanted = Platform.LinuxAmd64;
        Offered = [];
    }

    public ImagePlatformNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Wanted = Platform.LinuxAmd64;
        Offered = [];
    }

    public ImageReference? Reference { get; }

    public Digest Index { get; }

    public Platform Wanted { get; }

    public IReadOnlyList<Platform> Offered { get; }
}
