namespace ContainerBuild.Build;

/// <summary>The metadata keys buildx writes to <c>--metadata-file</c>, which scripts and CI read.</summary>
public static class BuildMetadataKeys
{
    /// <summary>The image root's digest (<c>sha256:...</c>).</summary>
    public const string ImageDigest = "containerimage.digest";

    /// <summary>The image root's descriptor, as JSON.</summary>
    public const string ImageDescriptor = "containerimage.descriptor";

    /// <summary>The config's digest (single-platform images).</summary>
    public const string ConfigDigest = "containerimage.config.digest";

    /// <summary>The names the image went out under, comma-separated.</summary>
    public const string ImageName = "image.name";

    /// <summary>The build's reference, <c>BUILDER/NODE/ID</c> (ours: <c>containerbuild/default/ID</c>), to find it in logs and history.</summary>
    public const string BuildRef = "buildx.build.ref";
}
