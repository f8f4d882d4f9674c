namespace ContainerBuild.Graph;

/// <summary>How an image source is resolved (<c>image.resolvemode</c>).</summary>
public enum ImageResolveMode
{
    /// <summary>The server's default; no attr is written.</summary>
    Default,

    /// <summary>Always ask the registry (<c>pull</c>).</summary>
    ForcePull,

    /// <summary>Prefer an image the server already has (<c>local</c>).</summary>
    PreferLocal,
}
