using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Build;

/// <summary>One platform of a build: the Definition to solve and the metadata its image config gets.</summary>
public sealed record BuildTarget(LlbDefinition Definition, ImageMetadata Metadata, Platform Platform)
{
    /// <summary>
    /// The target for <paramref name="state"/>: marshalled for <paramref name="platform"/> (else the state's own
    /// platform, else linux/amd64), with the state's metadata.
    /// </summary>
    public static BuildTarget FromState(State state, Platform? platform = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var chosen = platform ?? state.Metadata.Platform ?? Platform.LinuxAmd64;
        return new BuildTarget(state.Marshal(chosen), state.Metadata, chosen);
    }
}
