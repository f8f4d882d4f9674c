using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>
/// One node of a build graph: its digest (identity), a name for progress, its inputs, and an opaque payload that only
/// the <see cref="IOperationResolver"/> understands (an LLB op, a fake in tests).
/// </summary>
public sealed class Vertex
{
    public Vertex(Digest digest, string name, IReadOnlyList<Edge>? inputs = null, object? payload = null, bool ignoreCache = false)
    {
        if (digest.IsEmpty)
        {
            throw new ArgumentException("A vertex needs a digest.", nameof(digest));
        }

        Digest = digest;
        Name = name ?? "";
        Inputs = inputs ?? [];
        Payload = payload;
        IgnoreCache = ignoreCache;
    }

    /// <summary>The vertex's identity: two vertices with one digest are the same work.</summary>
    public Digest Digest { get; }

    /// <summary>What progress shows for it (LLB's <c>llb.customname</c>).</summary>
    public string Name { get; }

    public IReadOnlyList<Edge> Inputs { get; }

    /// <summary>What the resolver turns into an <see cref="IOperation"/>.</summary>
    public object? Payload { get; }

    /// <summary>Skip cache lookups for this vertex (LLB's per-op ignore-cache); its result is still stored.</summary>
    public bool IgnoreCache { get; }

    public override string ToString() => $"{Name} ({Digest.ToShortString()})";
}
