namespace ContainerBuild.Engine.Exporting;

/// <summary>Whether the config records what the build was made from (BuildKit's <c>buildinfo</c> attribute).</summary>
public enum BuildInfoMode
{
    /// <summary>Nothing: the config says only what runs (the default, so configs never name private sources).</summary>
    Omit,

    /// <summary>The base images by pinned reference, under BuildKit's <c>moby.buildkit.buildinfo.v1</c> key.</summary>
    Minimal,
}
