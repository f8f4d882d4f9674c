using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Solver;

/// <summary>How one solve uses the cache, and where its progress goes.</summary>
public sealed record SolveOptions
{
    /// <summary>Look nothing up (<c>--no-cache</c>); results are still stored.</summary>
    public bool NoCache { get; init; }

    /// <summary>Names of vertices whose cache is ignored (<c>--no-cache-filter</c>).</summary>
    public IReadOnlySet<string> NoCacheFilter { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IProgressSink? Progress { get; init; }
}
