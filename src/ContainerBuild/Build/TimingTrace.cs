using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace ContainerBuild.Build;

/// <summary>
/// <c>CB_TRACE_TIMINGS=1</c>: one stderr line per phase of a build with the time since the process started and the
/// JIT's work so far, to see what a cold process pays for. A diagnostic for benchmarks; off unless asked for.
/// </summary>
internal sealed class TimingTrace
{
    public const string Variable = "CB_TRACE_TIMINGS";

    private readonly DateTime processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    private TimingTrace()
    {
    }

    /// <summary>A trace when the environment asks for one, else null.</summary>
    public static TimingTrace? From(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue(Variable, out var value) && string.Equals(value, "1", StringComparison.Ordinal) ? new TimingTrace() : null;

    public void Mark(string phase) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"[timing] {(DateTime.UtcNow - processStart).TotalMilliseconds,7:F1} ms  {phase,-16} jit: {JitInfo.GetCompiledMethodCount(),5} methods {JitInfo.GetCompilationTime().TotalMilliseconds,6:F1} ms"));
}
