using System.Globalization;
using System.Text;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Progress;

/// <summary>
/// <c>--progress=plain</c> in BuildKit's format: <c>#N name</c> when a vertex starts (numbered in order of first
/// appearance), then its byte progress, warnings and log lines (<c>#N 0.231 text</c>, seconds since it started), and
/// <c>#N DONE 0.3s</c>, <c>#N CACHED</c>, <c>#N ERROR: msg</c> or <c>#N CANCELED</c>; <c>#N ...</c> when output moves
/// to another vertex before this one finished, and the failed steps' last log lines again at the end.
/// Unlike BuildKit, which switches between busy vertices by wall-clock time, it stays with a running vertex until it
/// completes, so the same events always print the same text.
/// </summary>
public sealed class PlainProgressPrinter(TextWriter output) : IProgressPrinter
{
    private const int ErrorLogLines = 10;
    private static readonly TimeSpan MinTimeDelta = TimeSpan.FromSeconds(5);
    private const double MinProgressDelta = 0.05;

    private readonly Lock gate = new();
    private readonly Dictionary<Digest, Entry> vertices = [];
    private readonly List<Entry> startOrder = [];
    private readonly List<Entry> updates = [];
    private readonly Dictionary<string, (long Current, DateTimeOffset Timestamp)> lastStatus = new(StringComparer.Ordinal);
    private Entry? current;
    private bool notFirst;

    public void Publish(SolveStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (gate)
        {
            Update(status);
            Print(flush: false);
            output.Flush();
        }
    }

    public void Complete()
    {
        lock (gate)
        {
            Print(flush: true);
            foreach (var entry in startOrder.Where(e => e.Error is { } error && !IsCanceled(error)))
            {
                FailedStepSummary.Write(output, entry.Name, entry.LastLines);
            }

            output.Flush();
        }
    }

    private void Update(SolveStatus status)
    {
        foreach (var vertex in status.Vertexes)
        {
            if (!vertices.TryGetValue(vertex.Digest, out var entry))
            {
                entry = new Entry(vertex.Digest, vertices.Count + 1);
                vertices.Add(vertex.Digest, entry);
            }

            // A repeat of a vertex that has not started does not reset one that has.
            if (vertex.Started is null && entry.Started is not null)
            {
                continue;
            }

            var changed = entry.Name != vertex.Name || entry.Started != vertex.Started || (vertex.Completed is not null && entry.Completed != vertex.Completed)
                || entry.Cached != vertex.Cached || entry.Error != vertex.Error;
            if (vertex.Started is not null && entry.Started is null)
            {
                startOrder.Add(entry);
            }

            (entry.Name, entry.Started, entry.Completed, entry.Cached, entry.Error) = (vertex.Name, vertex.Started, vertex.Completed, vertex.Cached, vertex.Error);
            if (changed && vertex.Started is not null)
            {
                MarkUpdated(entry);
            }
        }

        foreach (var status1 in status.Statuses)
        {
            if (!vertices.TryGetValue(status1.Vertex, out var entry))
            {
                continue;
            }

            var known = entry.Statuses.FindIndex(s => s.Id == status1.Id);
            if (known >= 0)
            {
                entry.Statuses[known] = status1;
            }
            else if (status1.Started is not null)
            {
                entry.Statuses.Add(status1);
            }

            entry.StatusUpdates.Add(status1.Id);
            MarkUpdated(entry);
        }

        foreach (var warning in status.Warnings)
        {
            if (vertices.TryGetValue(warning.Vertex, out var entry))
            {
                entry.Warnings.Add(warning.Short);
            }
        }

        foreach (var log in status.Logs)
        {
            if (vertices.TryGetValue(log.Vertex, out var entry))
            {
                AddLog(entry, log);
                MarkUpdated(entry);
            }
        }
    }

    private static void AddLog(Entry entry, VertexLog log)
    {
        var text = Encoding.UTF8.GetString(log.Data.Span);
        if (text.Length == 0)
        {
            return;
        }

        var pieces = text.Split('\n');
        var complete = text.EndsWith('\n');
        var count = complete ? pieces.Length - 1 : pieces.Length;
        for (var i = 0; i < count; i++)
        {
            if (i == 0 && entry.LogsPartial && entry.Logs.Count > 0)
            {
                entry.Logs[^1] += pieces[i];
                continue;
            }

            var seconds = entry.Started is { } started ? (log.Timestamp - started).TotalSeconds : 0;
            var precision = seconds < 10 ? "F3" : seconds < 100 ? "F2" : "F1";
            entry.Logs.Add($"{seconds.ToString(precision, CultureInfo.InvariantCulture)} {pieces[i]}");
        }

        entry.LogsPartial = !complete;
    }

    private void MarkUpdated(Entry entry)
    {
        if (!updates.Contains(entry))
        {
            updates.Add(entry);
        }
    }

    // Completed vertices first (the current one before the rest), then the current one; a new vertex only when
    // nothing is current. On flush, everything pending.
    private void Print(bool flush)
    {
        var completed = updates.Where(e => e.Completed is not null).ToList();
        if (current is not null && completed.Contains(current))
        {
            PrintVertex(current);
        }

        foreach (var entry in completed.OrderBy(e => e.Completed).ThenBy(e => e.Index))
        {
            if (updates.Contains(entry))
            {
                PrintVertex(entry);
            }
        }

        if (current is not null && updates.Contains(current))
        {
            PrintVertex(current);
        }

        while (updates.Count > 0 && (current is null || flush))
        {
            PrintVertex(updates.OrderBy(e => e.Index).First());
        }

        if (current is null && !flush && startOrder.FirstOrDefault(e => e.Completed is null && e.HasPending) is { } open)
        {
            PrintVertex(open);
        }
    }

    private void PrintVertex(Entry entry)
    {
        if (entry != current)
        {
            if (current is { } old)
            {
                if (old.LogsPartial)
                {
                    output.Write('\n');
                }

                old.LogsOffset = 0;
                output.Write($"#{old.Index} ...\n");
            }

            if (notFirst)
            {
                output.Write('\n');
            }

            notFirst = true;
            output.Write($"#{entry.Index} {entry.Name}\n");
        }

        PrintStatuses(entry);
        for (; entry.WarningsPrinted < entry.Warnings.Count; entry.WarningsPrinted++)
        {
            output.Write($"#{entry.Index} WARN: {entry.Warnings[entry.WarningsPrinted]}\n");
        }

        PrintLogs(entry);
        current = entry;
        if (entry.Completed is not null)
        {
            current = null;
            if (entry.Error is { } error)
            {
                if (entry.LogsPartial)
                {
                    output.Write('\n');
                }

                // Only the error's first line, as BuildKit prints it: a failed RUN's message repeats its last log lines.
                output.Write(IsCanceled(error) ? $"#{entry.Index} CANCELED\n" : $"#{entry.Index} ERROR: {error.Split('\n', 2)[0]}\n");
            }
            else if (entry.Cached)
            {
                output.Write($"#{entry.Index} CACHED\n");
            }
            else
            {
                var time = entry.Started is { } started
                    ? " " + (entry.Completed.Value - started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + "s"
                    : "";
                output.Write($"#{entry.Index} DONE{time}\n");
            }
        }

        updates.Remove(entry);
    }

    private void PrintStatuses(Entry entry)
    {
        foreach (var status in entry.Statuses.Where(s => entry.StatusUpdates.Contains(s.Id)))
        {
            if (status.Completed is null && lastStatus.TryGetValue(status.Id, out var last))
            {
                var progressDelta = status.Total > 0 ? (double)(status.Current - last.Current) / status.Total : 0;
                if (progressDelta < MinProgressDelta && status.Timestamp - last.Timestamp < MinTimeDelta)
                {
                    continue;
                }
            }

            lastStatus[status.Id] = (status.Current, status.Timestamp);
            var bytes = status.Total != 0 ? $" {ByteUnits.Format(status.Current)} / {ByteUnits.Format(status.Total)}"
                : status.Current != 0 ? $" {ByteUnits.Format(status.Current)}"
                : "";
            var time = "";
            if (status.Started is { } started)
            {
                var seconds = ((status.Completed ?? status.Timestamp) - started).TotalSeconds;
                if (seconds > 0.01)
                {
                    time = " " + seconds.ToString("F1", CultureInfo.InvariantCulture) + "s";
                }
            }

            if (status.Completed is not null)
            {
                time += " done";
            }

            output.Write($"#{entry.Index} {status.Id}{bytes}{time}\n");
        }

        entry.StatusUpdates.Clear();
    }

    private void PrintLogs(Entry entry)
    {
        for (var i = 0; i < entry.Logs.Count; i++)
        {
            var line = entry.Logs[i];
            var last = i == entry.Logs.Count - 1;
            if (i == 0 && entry.LogsOffset != 0)
            {
                output.Write(line[entry.LogsOffset..]);
            }
            else
            {
                output.Write($"#{entry.Index} {line}");
            }

            if (!last || !entry.LogsPartial)
            {
                output.Write('\n');
                entry.Remember(line);
            }
        }

        if (entry.Logs.Count > 0)
        {
            if (entry.LogsPartial)
            {
                entry.Logs.RemoveRange(0, entry.Logs.Count - 1);
                entry.LogsOffset = entry.Logs[0].Length;
            }
            else
            {
                entry.Logs.Clear();
                entry.LogsOffset = 0;
            }
        }
    }

    private static bool IsCanceled(string error) => error.EndsWith(VertexUpdate.CanceledError, StringComparison.Ordinal);

    private sealed class Entry(Digest digest, int index)
    {
        public Digest Digest { get; } = digest;

        public int Index { get; } = index;

        public string Name { get; set; } = "";

        public DateTimeOffset? Started { get; set; }

        public DateTimeOffset? Completed { get; set; }

        public bool Cached { get; set; }

        public string? Error { get; set; }

        public List<VertexStatus> Statuses { get; } = [];

        public HashSet<string> StatusUpdates { get; } = new(StringComparer.Ordinal);

        public List<string> Warnings { get; } = [];

        public int WarningsPrinted { get; set; }

        public List<string> Logs { get; } = [];

        public bool LogsPartial { get; set; }

        public int LogsOffset { get; set; }

        public Queue<string> LastLines { get; } = new();

        public bool HasPending => Logs.Count > 0 || StatusUpdates.Count > 0 || WarningsPrinted < Warnings.Count;

        public void Remember(string line)
        {
            LastLines.Enqueue(line);
            if (LastLines.Count > ErrorLogLines)
            {
                LastLines.Dequeue();
            }
        }
    }
}
