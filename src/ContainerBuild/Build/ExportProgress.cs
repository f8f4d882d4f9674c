using System.Text;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Oci;
using ContainerBuild.Registry;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Build;

/// <summary>
/// An export as a vertex of the event stream, as BuildKit shows it (<c>#7 exporting to image</c>): started, its
/// steps and byte progress of pushed and pulled blobs as statuses, then done or failed. Thread-safe.
/// </summary>
internal sealed class ExportProgress : IProgress<BlobProgress>, IProgress<PullProgress>
{
    private readonly IProgressSink sink;
    private readonly TimeProvider clock;
    private readonly Digest digest;
    private readonly string name;
    private readonly DateTimeOffset started;
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> taskStarts = new(StringComparer.Ordinal);

    public ExportProgress(IProgressSink sink, TimeProvider clock, string name, int index)
    {
        this.sink = sink;
        this.clock = clock;
        this.name = name;
        digest = Digest.Compute(Encoding.UTF8.GetBytes($"containerbuild.export/{index}/{name}"));
        started = clock.GetUtcNow();
        Publish(new SolveStatus { Vertexes = [new VertexUpdate { Digest = digest, Name = name, Started = started }] });
    }

    /// <summary>A step that is already done: <c>writing image sha256:... done</c>.</summary>
    public void Step(string text)
    {
        var now = clock.GetUtcNow();
        Publish(new SolveStatus { Statuses = [new VertexStatus { Id = text, Vertex = digest, Timestamp = now, Started = now, Completed = now }] });
    }

    public void Report(BlobProgress value) => Bytes($"pushing {value.Digest}", value.BytesSent, value.TotalBytes);

    public void Report(PullProgress value) => Bytes($"pulling {value.Digest}", value.BytesReceived, value.TotalBytes);

    public void Complete(Exception? error = null) => Publish(new SolveStatus
    {
        Vertexes = [new VertexUpdate { Digest = digest, Name = name, Started = started, Completed = clock.GetUtcNow(), Error = error?.Message }],
    });

    private void Bytes(string id, long current, long total)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset start;
        lock (gate)
        {
            if (!taskStarts.TryGetValue(id, out start))
            {
                start = now;
                taskStarts[id] = now;
            }
        }

        Publish(new SolveStatus
        {
            Statuses = [new VertexStatus { Id = id, Vertex = digest, Current = current, Total = total, Timestamp = now, Started = start, Completed = current >= total ? now : null }],
        });
    }

    // The sink wants one caller at a time, in order.
    private void Publish(SolveStatus status)
    {
        lock (gate)
        {
            sink.Publish(status);
        }
    }
}
