using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>
/// A solved vertex: the key its results are known by, the results, and whether they are fresh (re-executed while the
/// cache was ignored upstream), which makes dependants distrust their definition-based keys.
/// </summary>
internal sealed record VertexOutcome(Digest ResultKey, IReadOnlyList<IResult> Results, bool Fresh);
