using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// The ARGs BuildKit predefines from the target and build platforms. FROM lines see them always; inside a stage they
/// are set only when the stage declares them (<c>ARG TARGETARCH</c>), as with any global ARG.
/// </summary>
internal static class PlatformArgs
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(Platform target, Platform build) =>
    [
        new("TARGETPLATFORM", Format(target)),
        new("TARGETOS", target.OS),
        new("TARGETARCH", target.Architecture),
        new("TARGETVARIANT", target.Variant ?? ""),
        new("BUILDPLATFORM", Format(build)),
        new("BUILDOS", build.OS),
        new("BUILDARCH", build.Architecture),
        new("BUILDVARIANT", build.Variant ?? ""),
    ];

    /// <summary><c>os/arch[/variant]</c> as containerd's <c>platforms.Format</c> writes it.</summary>
    public static string Format(Platform platform) =>
        string.IsNullOrEmpty(platform.Variant) ? platform.OS + "/" + platform.Architecture : platform.OS + "/" + platform.Architecture + "/" + platform.Variant;
}
