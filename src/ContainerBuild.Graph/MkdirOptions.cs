namespace ContainerBuild.Graph;

/// <summary>Options of a mkdir action.</summary>
public sealed record MkdirOptions
{
    public static MkdirOptions None { get; } = new();

    public bool MakeParents { get; init; }

    public FileOwner? Owner { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}
