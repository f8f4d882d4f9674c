using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Graph.Internal;

/// <summary>An immutable op of the graph. Identity is the digest of <see cref="ToOp"/>'s bytes; the object is only a memo key.</summary>
internal abstract class Vertex(OpOptions options)
{
    public OpOptions Options { get; } = options;

    /// <summary>The outputs this op reads, in the order it lists them (repeats allowed).</summary>
    public abstract IEnumerable<Output> Dependencies { get; }

    /// <summary>The capability IDs the op needs (checked by a BuildKit server).</summary>
    public virtual IEnumerable<string> Caps => [];

    /// <summary>The op, with inputs resolved to the digests of already-marshalled dependencies.</summary>
    public abstract Op ToOp(MarshalContext context);

    /// <summary>The same op with other options (names and cache flags are not part of the digest).</summary>
    public abstract Vertex WithOptions(OpOptions options);
}
