namespace ContainerBuild.Solver.Progress;

/// <summary>Receives progress as it happens. The solver calls it from one thread at a time, in order.</summary>
public interface IProgressSink
{
    void Publish(SolveStatus status);
}
