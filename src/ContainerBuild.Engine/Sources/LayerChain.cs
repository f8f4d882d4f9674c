using System.Collections;
using System.Collections.Immutable;
using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Sources;

/// <summary>
/// A filesystem state as an immutable list of layers, base first, with the chain id of each prefix (OCI image spec:
/// ChainID(L0) = DiffID(L0); ChainID(L0..Ln) = sha256(ChainID(L0..Ln-1) + " " + DiffID(Ln))). Appending shares the
/// list it extends; nothing is downloaded or unpacked.
/// </summary>
public sealed class LayerChain : IReadOnlyList<LayerRef>, IEquatable<LayerChain>
{
    private readonly ImmutableList<LayerRef> layers;
    private readonly ImmutableList<Digest> chainIds;

    private LayerChain(ImmutableList<LayerRef> layers, ImmutableList<Digest> chainIds)
    {
        this.layers = layers;
        this.chainIds = chainIds;
    }

    /// <summary>No layers: <c>scratch</c>.</summary>
    public static LayerChain Empty { get; } = new([], []);

    public int Count => layers.Count;

    public bool IsEmpty => layers.IsEmpty;

    public LayerRef this[int index] => layers[index];

    /// <summary>The chain id of the whole chain; null for <see cref="Empty"/>.</summary>
    public Digest? ChainId => chainIds.IsEmpty ? null : chainIds[^1];

    /// <summary>The chain id of each prefix: element i is the chain id of layers 0..i.</summary>
    public IReadOnlyList<Digest> ChainIds => chainIds;

    /// <summary>The diff ids, base first (what an image config's <c>rootfs.diff_ids</c> lists).</summary>
    public IEnumerable<Digest> DiffIds => layers.Select(l => l.DiffId);

    /// <summary>The chain without its top layer; <see cref="Empty"/> for a chain of one.</summary>
    public LayerChain Parent => Prefix(Math.Max(0, Count - 1));

    /// <summary>A chain of the given layers, base first.</summary>
    public static LayerChain Of(IEnumerable<LayerRef> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return layers.Aggregate(Empty, (chain, layer) => chain.Append(layer));
    }

    /// <summary>The chain id of <paramref name="diffId"/> on top of a chain whose id is <paramref name="parent"/> (null: on nothing).</summary>
    public static Digest NextChainId(Digest? parent, Digest diffId)
    {
        if (diffId.IsEmpty)
        {
            throw new ArgumentException("A diff id is required.", nameof(diffId));
        }

        return parent is { } below ? Digest.Compute(Encoding.ASCII.GetBytes($"{below} {diffId}")) : diffId;
    }

    /// <summary>This chain with <paramref name="layer"/> on top; this chain is unchanged.</summary>
    public LayerChain Append(LayerRef layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return new LayerChain(layers.Add(layer), chainIds.Add(NextChainId(ChainId, layer.DiffId)));
    }

    /// <summary>The first <paramref name="count"/> layers.</summary>
    public LayerChain Prefix(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return count == Count ? this : count == 0 ? Empty : new LayerChain(layers.GetRange(0, count), chainIds.GetRange(0, count));
    }

    public IEnumerator<LayerRef> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Layer by layer: two chains of the same diff ids but other blobs (compression, origin) are different states to export.
    public bool Equals(LayerChain? other) => other is not null && (ReferenceEquals(this, other) || layers.SequenceEqual(other.layers));

    public override bool Equals(object? obj) => Equals(obj as LayerChain);

    public override int GetHashCode() => ChainId?.GetHashCode() ?? 0;

    public override string ToString() => IsEmpty ? "scratch" : $"{Count} layer{(Count == 1 ? "" : "s")}, chain {ChainId}";
}
