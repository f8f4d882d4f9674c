using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Progress;

/// <summary>Prints nothing (<c>--progress=quiet</c>).</summary>
public sealed class QuietProgressPrinter : IProgressPrinter
{
    public void Publish(SolveStatus status)
    {
    }

    public void Complete()
    {
    }
}
