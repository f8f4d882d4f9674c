namespace ContainerBuild.Solver;

/// <summary>One task's byte progress inside a vertex (a layer pull, a push).</summary>
public sealed class ProgressTask
{
    private readonly VertexProgress progress;
    private readonly string id;
    private readonly DateTimeOffset started;
    private long total;
    private long current;

    internal ProgressTask(VertexProgress progress, string id, long total, DateTimeOffset started)
    {
        this.progress = progress;
        this.id = id;
        this.total = total;
        this.started = started;
        progress.Status(id, 0, total, started);
    }

    public void Update(long current, long? total = null)
    {
        this.current = current;
        this.total = total ?? this.total;
        progress.Status(id, current, this.total, started);
    }

    public void Complete() => progress.Status(id, current, total, started, progress.Now);
}
