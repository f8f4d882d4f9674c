namespace ContainerBuild.Solver;

/// <summary>What an op gets while it runs: its vertex and where to report progress.</summary>
public sealed class OperationContext
{
    internal OperationContext(Vertex vertex, VertexProgress progress)
    {
        Vertex = vertex;
        Progress = progress;
    }

    public Vertex Vertex { get; }

    public VertexProgress Progress { get; }
}
