using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Solver;

/// <summary>One call of <see cref="Solver.SolveAsync(Edge, SolveOptions?, CancellationToken)"/>: its progress sink, the works it sees and its tallies. Guarded by the solver's lock.</summary>
internal sealed class SolveJob(IProgressSink sink)
{
    private readonly HashSet<Digest> executed = [];
    private readonly HashSet<Digest> cached = [];

    public HashSet<VertexWork> Works { get; } = [];

    public int Executed => executed.Count;

    public int Cached => cached.Count;

    public void Publish(SolveStatus status)
    {
        foreach (var vertex in status.Vertexes)
        {
            if (vertex.Completed is not null && vertex.Error is null)
            {
                (vertex.Cached ? cached : executed).Add(vertex.Digest);
            }
        }

        sink.Publish(status);
    }
}
