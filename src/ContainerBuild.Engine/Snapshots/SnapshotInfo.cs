using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Snapshots;

/// <summary>What a snapshot directory holds.</summary>
public enum SnapshotKind
{
    /// <summary>A whole layer chain, by chain id (<c>snapshots/&lt;chainid&gt;/</c>).</summary>
    Chain,

    /// <summary>One layer alone, by diff id (<c>snapshots/layers/&lt;diffid&gt;/</c>).</summary>
    Layer,
}

/// <summary>A stored snapshot for <c>du</c> and <c>prune</c>.</summary>
/// <param name="Kind">A chain or a single layer.</param>
/// <param name="Id">The chain id (chains) or diff id (layers).</param>
/// <param name="Path">The directory of its files.</param>
/// <param name="Size">The apparent size of its regular files (hard links shared with other snapshots count in each).</param>
/// <param name="Files">How many entries (files, directories, links) it holds.</param>
/// <param name="Created">When it was made.</param>
/// <param name="LastUsed">When a build last asked for it.</param>
public sealed record SnapshotInfo(SnapshotKind Kind, Digest Id, string Path, long Size, long Files, DateTimeOffset Created, DateTimeOffset LastUsed);
