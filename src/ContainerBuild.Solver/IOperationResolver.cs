namespace ContainerBuild.Solver;

/// <summary>How the solver learns what a vertex does: ops plug in here, so the solver knows nothing of them.</summary>
public interface IOperationResolver
{
    /// <summary>Reloads results the cache recorded for earlier solves.</summary>
    IResultStore Results { get; }

    IOperation Resolve(Vertex vertex);
}
