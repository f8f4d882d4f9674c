using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Progress;

/// <summary>A consumer of the event stream that writes it for people or programs. Safe to publish to from any thread.</summary>
public interface IProgressPrinter : IProgressSink
{
    /// <summary>The stream ended: write whatever is pending (and, for people, the logs of failed steps).</summary>
    void Complete();
}
