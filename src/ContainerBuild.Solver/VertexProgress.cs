using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Solver;

/// <summary>An op's progress reports: byte progress of its tasks, log output and warnings, stamped with the solver's clock.</summary>
public sealed class VertexProgress
{
    private readonly Vertex vertex;
    private readonly Action<SolveStatus> publish;
    private readonly TimeProvider clock;

    internal VertexProgress(Vertex vertex, Action<SolveStatus> publish, TimeProvider clock)
    {
        this.vertex = vertex;
        this.publish = publish;
        this.clock = clock;
    }

    public const int Stdout = 1;

    public const int Stderr = 2;

    /// <summary>Reports output; a line may arrive in several pieces.</summary>
    public void Log(int stream, ReadOnlyMemory<byte> data) =>
        publish(new SolveStatus { Logs = [new VertexLog { Vertex = vertex.Digest, Stream = stream, Data = data, Timestamp = clock.GetUtcNow() }] });

    /// <summary>Reports a line of text (a newline is added).</summary>
    public void WriteLine(string line, int stream = Stdout) =>
        Log(stream, System.Text.Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Reports the state of a task inside the vertex; <paramref name="started"/> and <paramref name="completed"/> as it has them.</summary>
    public void Status(string id, long current, long total = 0, DateTimeOffset? started = null, DateTimeOffset? completed = null, string? name = null) =>
        publish(new SolveStatus
        {
            Statuses =
            [
                new VertexStatus
                {
                    Id = id,
                    Vertex = vertex.Digest,
                    Name = name,
                    Current = current,
                    Total = total,
                    Timestamp = clock.GetUtcNow(),
                    Started = started,
                    Completed = completed,
                },
            ],
        });

    /// <summary>Starts tracking a task; report with <see cref="ProgressTask.Update"/> and <see cref="ProgressTask.Complete"/>.</summary>
    public ProgressTask StartTask(string id, long total = 0) => new(this, id, total, clock.GetUtcNow());

    public void Warn(string message, IReadOnlyList<string>? detail = null, string? url = null) =>
        publish(new SolveStatus { Warnings = [new VertexWarning { Vertex = vertex.Digest, Level = 1, Short = message, Detail = detail ?? [], Url = url }] });

    internal DateTimeOffset Now => clock.GetUtcNow();
}
