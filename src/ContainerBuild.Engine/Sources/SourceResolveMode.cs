namespace ContainerBuild.Engine.Sources;

/// <summary>How an image source finds out what its reference points at (BuildKit's <c>image.resolvemode</c>).</summary>
/// <remarks>The engine's meaning of the mode; the graph's own enum spells the wire attribute, and the image op maps one onto the other.</remarks>
public enum SourceResolveMode
{
    /// <summary>Use the store's earlier resolution of this reference and platform when it has one; else ask the registry.</summary>
    Default,

    /// <summary>Always ask the registry (<c>--pull</c>).</summary>
    Pull,

    /// <summary>Only the store: never ask the registry, and fail when the store has not resolved the image before.</summary>
    Local,
}

/// <summary>The LLB spellings of <see cref="SourceResolveMode"/>.</summary>
public static class SourceResolveModes
{
    /// <summary>The value of the <c>image.resolvemode</c> attribute: <c>default</c>, <c>pull</c> or <c>local</c>.</summary>
    public static string ToAttribute(this SourceResolveMode mode) => mode switch
    {
        SourceResolveMode.Default => "default",
        SourceResolveMode.Pull => "pull",
        SourceResolveMode.Local => "local",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a resolve mode."),
    };

    /// <summary>Reads an <c>image.resolvemode</c> value; absent or empty means <see cref="SourceResolveMode.Default"/>.</summary>
    /// <exception cref="FormatException">The value is none of <c>default</c>, <c>pull</c>, <c>local</c>.</exception>
    public static SourceResolveMode Parse(string? value) => value switch
    {
        null or "" or "default" => SourceResolveMode.Default,
        "pull" => SourceResolveMode.Pull,
        "local" => SourceResolveMode.Local,
        _ => throw new FormatException($"'{value}' is not an image resolve mode: use default, pull or local."),
    };
}
