namespace ContainerBuild.Solver.Progress;

/// <summary>
/// One batch of progress, as BuildKit's <c>client.SolveStatus</c>: vertex changes, byte progress, log data, warnings.
/// Every entry is a full snapshot of its item (a vertex repeats its start when it completes).
/// </summary>
public sealed record SolveStatus
{
    public IReadOnlyList<VertexUpdate> Vertexes { get; init; } = [];

    public IReadOnlyList<VertexStatus> Statuses { get; init; } = [];

    public IReadOnlyList<VertexLog> Logs { get; init; } = [];

    public IReadOnlyList<VertexWarning> Warnings { get; init; } = [];
}
