using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>The target's result and what the solve did to get it.</summary>
public sealed record SolveResult(IResult Result, Digest CacheKey, int Executed, int Cached);
