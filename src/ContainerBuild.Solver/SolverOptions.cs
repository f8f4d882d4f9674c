namespace ContainerBuild.Solver;

/// <summary>How one solver instance runs.</summary>
public sealed record SolverOptions
{
    /// <summary>How many ops run (cache maps, content digests, execs) at once; default the processor count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Timestamps of progress events and cache records.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
