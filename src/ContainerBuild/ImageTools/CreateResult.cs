using ContainerBuild.Oci;

namespace ContainerBuild;

/// <summary>What <see cref="ImageTools.CreateAsync"/> made: the index, its exact bytes, and the names it was pushed under (none for a dry run).</summary>
public sealed record CreateResult(Descriptor Index, ReadOnlyMemory<byte> IndexBytes, IReadOnlyList<ImageReference> Pushed);

/// <summary>How <see cref="ImageTools.CreateAsync"/> builds and pushes the index.</summary>
public sealed record CreateOptions
{
    /// <summary>Annotations of the index itself.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Build the index but push nothing.</summary>
    public bool DryRun { get; init; }
}
