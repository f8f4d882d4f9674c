using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>An op's output, opaque to the solver; the cache stores what it needs to reload it later.</summary>
public interface IResult
{
    /// <summary>What the op's <see cref="IResultStore"/> reloads it by.</summary>
    string Id { get; }

    /// <summary>Bytes it occupies (for du and prune).</summary>
    long Size { get; }

    /// <summary>Blobs of the content store it holds on to (prune keeps them while a record names them).</summary>
    IReadOnlyList<Descriptor> Blobs { get; }
}
