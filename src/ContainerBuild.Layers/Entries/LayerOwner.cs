namespace ContainerBuild.Layers;

/// <summary>Who owns an entry: numeric ids, and names written to the tar header only when given.</summary>
public readonly record struct LayerOwner(long UserId, long GroupId, string? UserName = null, string? GroupName = null)
{
    /// <summary>root:root by number, with no names in the header.</summary>
    public static LayerOwner Root { get; } = new(0, 0);
}
