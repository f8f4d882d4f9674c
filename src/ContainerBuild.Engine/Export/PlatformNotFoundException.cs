using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>An index offers no manifest for the platform an output needs (a docker archive or a root filesystem holds one).</summary>
public sealed class PlatformNotFoundException : ExportException
{
    public PlatformNotFoundException(Digest index, Platform wanted, IReadOnlyList<Platform> offered)
        : base($"The index {index} has no manifest for {wanted}; it offers {(offered.Count == 0 ? "no platforms" : string.Join(", ", offered))}. Choose one of those platforms.")
    {
        Index = index;
        Wanted = wanted;
        Offered = offered;
    }

    public PlatformNotFoundException()
    {
        Wanted = Platform.LinuxAmd64;
        Offered = [];
    }

    public PlatformNotFoundException(string message)
        : base(message)
    {
        Wanted = Platform.LinuxAmd64;
        Offered = [];
    }

    public PlatformNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Wanted = Platform.LinuxAmd64;
        Offered = [];
    }

    public Digest Index { get; }

    public Platform Wanted { get; }

    public IReadOnlyList<Platform> Offered { get; }
}
