using System.Threading.Channels;

namespace ContainerBuild.Solver.Progress;

/// <summary>Progress into a channel, for a consumer on another task (a printer, a logger, a metadata writer).</summary>
public sealed class ChannelProgressSink : IProgressSink
{
    private readonly Channel<SolveStatus> channel = Channel.CreateUnbounded<SolveStatus>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<SolveStatus> Reader => channel.Reader;

    public void Publish(SolveStatus status) => channel.Writer.TryWrite(status);

    /// <summary>Ends the stream: the reader finishes after the last status.</summary>
    public void Complete() => channel.Writer.TryComplete();
}
