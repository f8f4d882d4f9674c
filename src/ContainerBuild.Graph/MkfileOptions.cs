namespace ContainerBuild.Graph;

/// <summary>Options of a mkfile action.</summary>
public sealed record MkfileOptions
{
    public static MkfileOptions None { get; } = new();

    public FileOwner? Owner { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}
