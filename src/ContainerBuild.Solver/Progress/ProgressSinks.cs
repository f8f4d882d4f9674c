namespace ContainerBuild.Solver.Progress;

/// <summary>Progress fan-out.</summary>
public static class ProgressSinks
{
    /// <summary>Drops everything.</summary>
    public static IProgressSink None { get; } = new NoneSink();

    /// <summary>Sends every status to each of <paramref name="sinks"/> in turn.</summary>
    public static IProgressSink Tee(params IProgressSink[] sinks) => new TeeSink(sinks);

    private sealed class NoneSink : IProgressSink
    {
        public void Publish(SolveStatus status)
        {
        }
    }

    private sealed class TeeSink(IProgressSink[] sinks) : IProgressSink
    {
        public void Publish(SolveStatus status)
        {
            foreach (var sink in sinks)
            {
                sink.Publish(status);
            }
        }
    }
}
