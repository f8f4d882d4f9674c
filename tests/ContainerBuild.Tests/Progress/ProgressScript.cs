using System.Text;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Tests.Progress;

/// <summary>Builds event streams with fixed times for the printers' golden tests.</summary>
internal static class ProgressScript
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Digest D(string name) => Digest.Compute(Encoding.UTF8.GetBytes(name));

    public static DateTimeOffset At(double seconds) => T0.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static SolveStatus Started(string id, string name, double at, params string[] inputs) =>
        new() { Vertexes = [new VertexUpdate { Digest = D(id), Name = name, Started = At(at), Inputs = [.. inputs.Select(D)] }] };

    public static SolveStatus Done(string id, string name, double started, double completed, bool cached = false, string? error = null) =>
        new() { Vertexes = [new VertexUpdate { Digest = D(id), Name = name, Started = At(started), Completed = At(completed), Cached = cached, Error = error }] };

    public static SolveStatus Log(string id, string text, double at, int stream = 1) =>
        new() { Logs = [new VertexLog { Vertex = D(id), Stream = stream, Data = Encoding.UTF8.GetBytes(text), Timestamp = At(at) }] };

    public static SolveStatus Status(string id, string task, long current, long total, double started, double at, double? completed = null) =>
        new()
        {
            Statuses =
            [
                new VertexStatus
                {
                    Id = task,
                    Vertex = D(id),
                    Current = current,
                    Total = total,
                    Started = At(started),
                    Timestamp = At(at),
                    Completed = completed is { } c ? At(c) : null,
                },
            ],
        };

    public static SolveStatus Warn(string id, string message) =>
        new() { Warnings = [new VertexWarning { Vertex = D(id), Level = 1, Short = message }] };
}
