using System.Collections.Immutable;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// Annotations by where they go, as BuildKit's <c>annotation-TYPE.KEY</c> attributes name them: on each manifest,
/// on each manifest's entry in the index, on the index, and on the index's descriptor (an OCI layout's entry).
/// </summary>
public sealed record ImageAnnotations
{
    public static ImageAnnotations None { get; } = new();

    public ImmutableSortedDictionary<string, string> Manifest { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, string> ManifestDescriptor { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, string> Index { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, string> IndexDescriptor { get; init; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public bool IsEmpty => Manifest.IsEmpty && ManifestDescriptor.IsEmpty && Index.IsEmpty && IndexDescriptor.IsEmpty;

    public bool Equals(ImageAnnotations? other) =>
        other is not null
        && Manifest.SequenceEqual(other.Manifest)
        && ManifestDescriptor.SequenceEqual(other.ManifestDescriptor)
        && Index.SequenceEqual(other.Index)
        && IndexDescriptor.SequenceEqual(other.IndexDescriptor);

    public override int GetHashCode() => HashCode.Combine(Manifest.Count, ManifestDescriptor.Count, Index.Count, IndexDescriptor.Count);
}
