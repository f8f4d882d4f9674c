using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Ops;

internal static class LlbPlatforms
{
    /// <summary>The op's platform, or <paramref name="fallback"/> when the op names none.</summary>
    public static Platform ToPlatform(Graph.Pb.Platform? platform, Platform fallback) =>
        platform is null || string.IsNullOrEmpty(platform.OS) || string.IsNullOrEmpty(platform.Architecture)
            ? fallback
            : new Platform
            {
                OS = platform.OS,
                Architecture = platform.Architecture,
                Variant = string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant,
                OSVersion = string.IsNullOrEmpty(platform.OSVersion) ? null : platform.OSVersion,
                OSFeatures = platform.OSFeatures.Count == 0 ? null : [.. platform.OSFeatures],
            };
}
