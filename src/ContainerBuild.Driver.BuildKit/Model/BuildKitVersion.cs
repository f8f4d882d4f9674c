namespace ContainerBuild.Driver.BuildKit;

/// <summary>What a BuildKit daemon says it is (<c>BuildkitVersion</c>, v0.11 and later).</summary>
/// <param name="Package">The Go package, such as <c>github.com/moby/buildkit</c>.</param>
/// <param name="Version">The version, such as <c>v0.20.2</c>.</param>
/// <param name="Revision">The source revision.</param>
public sealed record BuildKitVersion(string Package, string Version, string Revision);
