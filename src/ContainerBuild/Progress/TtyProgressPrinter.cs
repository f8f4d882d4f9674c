using System.Globalization;
using System.Text;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Progress;

/// <summary>
/// <c>--progress=tty</c>, BuildKit's live view: every <see cref="TtyProgressOptions.Interval"/> it moves the cursor
/// back over the last frame and draws the next one in place (cursor up, each line then erase-to-end-of-line, then
/// erase-below). A frame is the header <c>[+] Building 3.2s (5/9)</c>, one <c>=&gt; name  1.2s</c> line per started
/// step (with <c>CACHED</c>, <c>ERROR</c> or <c>CANCELED</c>), its transfers as <c>=&gt; =&gt;</c> lines, and the last
/// log lines of running steps as <c>=&gt; =&gt; # text</c>. The last frame, drawn by <see cref="Complete"/>, is a
/// static summary (<c>FINISHED</c>, no logs) followed by the failed steps' last log lines.
/// </summary>
public sealed class TtyProgressPrinter : IProgressPrinter
{
    private const int ErrorLogLines = 10;
    private const string CursorUp = "\u001b[{0}A\r";
    private const string EraseLineEnd = "\u001b[K";
    private const string EraseBelow = "\u001b[J";

    private readonly TextWriter output;
    private readonly TtyProgressOptions options;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly Dictionary<Digest, Job> jobs = [];
    private readonly List<Job> startOrder = [];
    private readonly DateTimeOffset created;
    private readonly ITimer timer;
    private int drawnLines;
    private bool changed;
    private bool completed;

    public TtyProgressPrinter(TextWriter output, TtyProgressOptions? options = null, TimeProvider? clock = null)
    {
        this.output = output ?? throw new ArgumentNullException(nameof(output));
        this.options = options ?? new TtyProgressOptions();
        this.clock = clock ?? TimeProvider.System;
        created = this.clock.GetUtcNow();
        timer = this.clock.CreateTimer(_ => Redraw(), null, this.options.Interval, this.options.Interval);
    }

    public void Publish(SolveStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (gate)
        {
            if (!completed)
            {
                Update(status);
                changed = true;
            }
        }
    }

    /// <summary>Draws the next frame when something changed or a step is running (its time ticks); the timer calls it.</summary>
    public void Redraw()
    {
        lock (gate)
        {
            if (completed || (!changed && !startOrder.Any(j => j.Completed is null)))
            {
                return;
            }

            Draw(Frame(final: false));
            changed = false;
        }
    }

    public void Complete()
    {
        lock (gate)
        {
            if (completed)
            {
                return;
            }

            completed = true;
            timer.Dispose();
            Draw(Frame(final: true));
            foreach (var job in startOrder)
            {
                job.EndLog();
            }

            foreach (var job in startOrder.Where(j => j.Error is { } error && !IsCanceled(error)))
            {
                FailedStepSummary.Write(output, job.Name, job.ErrorLines);
            }

            output.Flush();
        }
    }

    private void Update(SolveStatus status)
    {
        foreach (var vertex in status.Vertexes)
        {
            if (!jobs.TryGetValue(vertex.Digest, out var job))
            {
                job = new Job();
                jobs.Add(vertex.Digest, job);
            }

            // A repeat of a vertex that has not started does not reset one that has.
            if (vertex.Started is null && job.Started is not null)
            {
                continue;
            }

            if (vertex.Started is not null && job.Started is null)
            {
                startOrder.Add(job);
            }

            (job.Name, job.Started, job.Completed, job.Cached, job.Error) = (vertex.Name, vertex.Started, vertex.Completed, vertex.Cached, vertex.Error);
        }

        foreach (var update in status.Statuses)
        {
            if (jobs.TryGetValue(update.Vertex, out var job))
            {
                var known = job.Statuses.FindIndex(s => s.Id == update.Id);
                if (known >= 0)
                {
                    job.Statuses[known] = update;
                }
                else
                {
                    job.Statuses.Add(update);
                }
            }
        }

        foreach (var log in status.Logs)
        {
            if (jobs.TryGetValue(log.Vertex, out var job))
            {
                job.AddLog(Encoding.UTF8.GetString(log.Data.Span), log.Timestamp, options.LogLines);
            }
        }
    }

    private List<string> Frame(bool final)
    {
        var now = clock.GetUtcNow();
        var start = startOrder.Count == 0 ? created : startOrder.Min(j => j.Started!.Value);
        var elapsed = Seconds(now - start);
        var done = jobs.Values.Count(j => j.Completed is not null);
        var header = $"[+] Building {elapsed} ({done}/{jobs.Count}){(final ? " FINISHED" : "")}";

        var blocks = startOrder.Select(job => (Job: job, Lines: Block(job, now, final))).ToList();
        if (!final && options.Height is { } height)
        {
            // The live view fits the screen: finished steps scroll away first, then the oldest lines.
            var room = height - 2;
            var count = blocks.Sum(b => b.Lines.Count);
            for (var i = 0; i < blocks.Count && count > room; i++)
            {
                if (blocks[i].Job.Completed is not null)
                {
                    count -= blocks[i].Lines.Count;
                    blocks.RemoveAt(i--);
                }
            }

            var lines = blocks.SelectMany(b => b.Lines).ToList();
            return [header, .. lines.Skip(Math.Max(0, lines.Count - room))];
        }

        return [header, .. blocks.SelectMany(b => b.Lines)];
    }

    private List<string> Block(Job job, DateTimeOffset now, bool final)
    {
        var prefix = job.Error is { } error ? IsCanceled(error) ? "CANCELED " : "ERROR " : job.Cached ? "CACHED " : "";
        var time = job.Cached ? Seconds(TimeSpan.Zero) : Seconds((job.Completed ?? now) - job.Started!.Value);
        var lines = new List<string> { Align($" => {prefix}{job.Name}", time) };
        foreach (var status in job.Statuses)
        {
            var bytes = status.Total != 0 ? $" {ByteUnits.Format(status.Current)} / {ByteUnits.Format(status.Total)}"
                : status.Current != 0 ? $" {ByteUnits.Format(status.Current)}"
                : "";
            var statusTime = status.Started is { } started ? Seconds((status.Completed ?? (job.Completed is null ? now : status.Timestamp)) - started) : "";
            lines.Add(Align($" => => {status.Id}{bytes}", statusTime));
        }

        if (!final && job.Completed is null)
        {
            lines.AddRange(job.VisibleLogs(options.LogLines).Select(line => Cut($" => => # {line}", options.Width)));
        }

        return lines;
    }

    private void Draw(List<string> lines)
    {
        var text = new StringBuilder();
        if (drawnLines > 0)
        {
            text.Append(string.Format(CultureInfo.InvariantCulture, CursorUp, drawnLines));
        }

        foreach (var line in lines)
        {
            text.Append(line).Append(EraseLineEnd).Append('\n');
        }

        text.Append(EraseBelow);
        output.Write(text.ToString());
        output.Flush();
        drawnLines = lines.Count;
    }

    // Name on the left, time on the right edge; the name is cut when both do not fit.
    private string Align(string left, string right)
    {
        var room = options.Width - right.Length - 1;
        if (right.Length == 0)
        {
            return Cut(left, options.Width);
        }

        return left.Length <= room ? left + new string(' ', room - left.Length + 1) + right : Cut(left, room) + " " + right;
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width)];

    private static string Seconds(TimeSpan time) => Math.Max(0, time.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture) + "s";

    private static bool IsCanceled(string error) => error.EndsWith(VertexUpdate.CanceledError, StringComparison.Ordinal);

    private sealed class Job
    {
        private readonly Queue<string> recent = new();
        private string partial = "";
        private DateTimeOffset lastLog;

        public string Name { get; set; } = "";

        public DateTimeOffset? Started { get; set; }

        public DateTimeOffset? Completed { get; set; }

        public bool Cached { get; set; }

        public string? Error { get; set; }

        public List<VertexStatus> Statuses { get; } = [];

        /// <summary>The last lines with their time since the step started, as the plain printer shows them.</summary>
        public Queue<string> ErrorLines { get; } = new();

        public void AddLog(string text, DateTimeOffset timestamp, int keep)
        {
            var pieces = (partial + text).Split('\n');
            for (var i = 0; i < pieces.Length - 1; i++)
            {
                AddLine(pieces[i], timestamp, keep);
            }

            partial = pieces[^1];
            lastLog = timestamp;
        }

        /// <summary>The stream ended: a last line without its newline still counts.</summary>
        public void EndLog()
        {
            if (partial.Length > 0)
            {
                AddLine(partial, lastLog, recent.Count + 1);
                partial = "";
            }
        }

        private void AddLine(string text, DateTimeOffset timestamp, int keep)
        {
            // A carriage return redraws the line in a terminal (progress bars): what stays visible is what follows it.
            var line = text.TrimEnd('\r');
            line = line[(line.LastIndexOf('\r') + 1)..];
            Remember(recent, line, keep);
            var seconds = Started is { } started ? (timestamp - started).TotalSeconds : 0;
            var precision = seconds < 10 ? "F3" : seconds < 100 ? "F2" : "F1";
            Remember(ErrorLines, $"{seconds.ToString(precision, CultureInfo.InvariantCulture)} {line}", ErrorLogLines);
        }

        public IEnumerable<string> VisibleLogs(int count)
        {
            var visible = partial.Length > 0 ? recent.Append(partial[(partial.LastIndexOf('\r') + 1)..]) : recent;
            return visible.TakeLast(count);
        }

        private static void Remember(Queue<string> lines, string line, int keep)
        {
            lines.Enqueue(line);
            while (lines.Count > Math.Max(keep, 0))
            {
                lines.Dequeue();
            }
        }
    }
}
