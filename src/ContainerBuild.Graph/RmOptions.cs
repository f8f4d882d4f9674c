namespace ContainerBuild.Graph;

/// <summary>Options of an rm action.</summary>
public sealed record RmOptions
{
    public static RmOptions None { get; } = new();

    public bool AllowNotFound { get; init; }

    public bool AllowWildcard { get; init; }
}
