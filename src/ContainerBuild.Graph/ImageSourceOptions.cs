namespace ContainerBuild.Graph;

/// <summary>Less common attrs of an image source.</summary>
public sealed record ImageSourceOptions
{
    public static ImageSourceOptions None { get; } = new();

    /// <summary>Use only the first N layers (<c>image.layerlimit</c>; not known to BuildKit v0.8).</summary>
    public int? LayerLimit { get; init; }

    /// <summary><c>image.recordtype</c>: <c>regular</c>, <c>internal</c> or <c>frontend</c>.</summary>
    public string? RecordType { get; init; }

    /// <summary>Name and cache flags of the source op.</summary>
    public OpOptions Op { get; init; } = OpOptions.None;
}
