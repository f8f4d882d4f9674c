using System.Text;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// Work the host does before the solve, shown as BuildKit shows it (<c>[internal] load build definition from Dockerfile</c>,
/// <c>[internal] load metadata for ...</c>): a vertex of the event stream with transfer statuses, then done or failed.
/// </summary>
internal sealed class HostVertex
{
    private readonly IProgressSink sink;
    private readonly TimeProvider clock;
    private readonly Digest digest;
    private readonly string name;
    private readonly DateTimeOffset started;

    public HostVertex(IProgressSink sink, TimeProvider clock, string name)
    {
        this.sink = sink;
        this.clock = clock;
        this.name = name;
        digest = Digest.Compute(Encoding.UTF8.GetBytes("containerbuild.host/" + name));
        started = clock.GetUtcNow();
        Publish(new SolveStatus { Vertexes = [new VertexUpdate { Digest = digest, Name = name, Started = started }] });
    }

    /// <summary>A transfer that is done: <c>transferring dockerfile: 227B</c>.</summary>
    public void Transferred(string task, long bytes)
    {
        var now = clock.GetUtcNow();
        Publish(new SolveStatus { Statuses = [new VertexStatus { Id = task, Vertex = digest, Current = bytes, Timestamp = now, Started = started, Completed = now }] });
    }

    public void Complete(Exception? error = null) => Publish(new SolveStatus
    {
        Vertexes = [new VertexUpdate { Digest = digest, Name = name, Started = started, Completed = clock.GetUtcNow(), Error = error is null ? null : error is OperationCanceledException ? VertexUpdate.CanceledError : error.Message }],
    });

    // Resolutions run concurrently; a sink wants one caller at a time.
    private void Publish(SolveStatus status)
    {
        lock (sink)
        {
            sink.Publish(status);
        }
    }
}
