namespace ContainerBuild.Engine.Exec;

/// <summary>The last N lines written by both output streams; thread-safe.</summary>
internal sealed class LogTail
{
    private readonly Queue<string> lines = new();
    private readonly int capacity;

    public LogTail(int capacity)
    {
        this.capacity = Math.Max(0, capacity);
    }

    public void Add(string line)
    {
        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > capacity)
            {
                lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
