using ContainerBuild.Oci;

namespace ContainerBuild.Layers;

/// <summary>How the writer treats modification times against the source date.</summary>
public enum TimestampPolicy
{
    /// <summary>Every entry gets the source date (BuildKit's rewrite-timestamp; the default).</summary>
    SetAllToSourceDate,

    /// <summary>An entry newer than the source date gets the source date; an older one keeps its own.</summary>
    ClampToSourceDate,
}

/// <summary>Everything that decides a layer's bytes besides its entries.</summary>
public sealed record LayerWriterOptions
{
    /// <summary>gzip (default), zstd or none.</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>gzip 1-9 (default 6, as <c>gzip -6</c>), zstd 1-22 (default 3, as <c>zstd -3</c>); ignored for none.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>The source date (SOURCE_DATE_EPOCH); whole seconds are written.</summary>
    public DateTimeOffset SourceDate { get; init; } = DateTimeOffset.UnixEpoch;

    public TimestampPolicy Timestamps { get; init; } = TimestampPolicy.SetAllToSourceDate;

    /// <summary>The owner of entries that name none, and of synthesised parent directories.</summary>
    public LayerOwner DefaultOwner { get; init; } = LayerOwner.Root;

    /// <summary>OCI media types (default) or Docker's schema 2 ones for gzip.</summary>
    public bool OciMediaTypes { get; init; } = true;

    /// <summary>The compression level in effect, checked against the compression's range.</summary>
    public int EffectiveCompressionLevel => Compression switch
    {
        LayerCompression.Gzip => CheckLevel(CompressionLevel ?? 6, 1, 9),
        LayerCompression.Zstd => CheckLevel(CompressionLevel ?? 3, 1, 22),
        _ => 0,
    };

    private int CheckLevel(int level, int min, int max) =>
        level >= min && level <= max
            ? level
            : throw new ArgumentOutOfRangeException(nameof(CompressionLevel), level, $"{Compression} levels go from {min} to {max}.");
}
