using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>A vertex failed, so the solve did: which vertex, and its error as <see cref="Exception.InnerException"/>.</summary>
public sealed class SolveException : Exception
{
    public SolveException(string vertexName, Digest vertexDigest, Exception innerException)
        : base($"'{vertexName}' failed: {innerException?.Message}", innerException)
    {
        VertexName = vertexName;
        VertexDigest = vertexDigest;
    }

    public SolveException()
    {
        VertexName = "";
    }

    public SolveException(string message)
        : base(message)
    {
        VertexName = "";
    }

    public SolveException(string message, Exception innerException)
        : base(message, innerException)
    {
        VertexName = "";
    }

    public string VertexName { get; }

    public Digest VertexDigest { get; }
}
