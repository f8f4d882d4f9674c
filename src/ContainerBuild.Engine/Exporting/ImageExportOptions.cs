using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// How the image of a build is made (BuildKit's image commit options, reference buildkit-protocol.md §4.1): the
/// names it goes out under, the compression of its layers, its media types and annotations.
/// </summary>
public sealed record ImageExportOptions
{
    /// <summary>Tags and references (the <c>name</c> attribute): pushed to, written into layouts and archives.</summary>
    public IReadOnlyList<ImageReference> Names { get; init; } = [];

    /// <summary>Push under every name once the image is made.</summary>
    public bool Push { get; init; }

    /// <summary>How layers this build made are compressed (and, with <see cref="ForceCompression"/>, the base's too).</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>gzip 1-9, zstd 1-22; null for the compression's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Recompress base layers too; without it they keep the compression they came with.</summary>
    public bool ForceCompression { get; init; }

    /// <summary>OCI media types (the default); false for Docker's schema 2 ones.</summary>
    public bool OciMediaTypes { get; init; } = true;

    /// <summary>
    /// Clamp file times in new layers to the source date. Our layer writer always does so (DESIGN decision 6),
    /// so this only records the request; base layers are never rewritten, as in BuildKit.
    /// </summary>
    public bool RewriteTimestamp { get; init; }

    public BuildInfoMode BuildInfo { get; init; } = BuildInfoMode.Omit;

    public ImageAnnotations Annotations { get; init; } = ImageAnnotations.None;

    /// <summary>Equal options make equal images: outputs that agree on them share one image.</summary>
    public bool Equals(ImageExportOptions? other) =>
        other is not null
        && Names.SequenceEqual(other.Names)
        && Push == other.Push
        && Compression == other.Compression
        && CompressionLevel == other.CompressionLevel
        && ForceCompression == other.ForceCompression
        && OciMediaTypes == other.OciMediaTypes
        && RewriteTimestamp == other.RewriteTimestamp
        && BuildInfo == other.BuildInfo
        && Annotations.Equals(other.Annotations);

    public override int GetHashCode() => HashCode.Combine(Names.Count, Push, Compression, CompressionLevel, ForceCompression, OciMediaTypes, BuildInfo);

    /// <summary>The same image without the names and push: what decides the image's bytes.</summary>
    public ImageExportOptions CommitOnly() => this with { Names = [], Push = false };
}
