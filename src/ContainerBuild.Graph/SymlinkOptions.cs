namespace ContainerBuild.Graph;

/// <summary>Options of a symlink action (BuildKit v0.19+).</summary>
public sealed record SymlinkOptions
{
    public static SymlinkOptions None { get; } = new();

    public FileOwner? Owner { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}
