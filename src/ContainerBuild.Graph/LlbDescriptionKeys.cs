namespace ContainerBuild.Graph;

/// <summary>Well-known keys of <c>OpMetadata.description</c>.</summary>
public static class LlbDescriptionKeys
{
    /// <summary>The name shown in progress for the vertex.</summary>
    public const string CustomName = "llb.customname";
}
