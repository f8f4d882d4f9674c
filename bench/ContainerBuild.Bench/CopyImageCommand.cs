using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using ContainerBuild.Build;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Bench;

/// <summary>
/// The benchmark's copy-only image: <c>FROM BASE; WORKDIR /app; COPY out/ /app/; ENTRYPOINT ["dotnet","WebApi.dll"]</c>
/// solved and pushed through the build service, as the CLI will do it. Prints one line of timings.
/// </summary>
internal static class CopyImageCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4)
        {
            await Console.Error.WriteLineAsync("usage: copy-image BASE CONTEXT STORE NAME").ConfigureAwait(false);
            return 2;
        }

        var (baseImage, context, store, name) = (args[0], args[1], args[2], args[3]);
        var watch = Stopwatch.StartNew();
        Trace("main");
        var copy = FileActions.Copy(State.Local("context"), "/out/", "/app/", new CopyOptions
        {
            CopyDirectoryContentsOnly = true,
            CreateDestPath = true,
            AllowWildcard = true,
            AllowEmptyWildcard = true,
            FollowSymlinks = true,
        });
        var state = State.Image(baseImage, Platform.LinuxAmd64).WithCustomName($"[1/2] FROM {baseImage}")
            .File(copy).WithCustomName("[2/2] COPY out/ /app/")
            .WithWorkingDir("/app")
            .WithEntrypoint("dotnet", "WebApi.dll");
        Trace("graph built");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }

        var request = new BuildRequest
        {
            Targets = [BuildTarget.FromState(state, Platform.LinuxAmd64)],
            LocalDirs = new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = context },
            Outputs = [ExportOutput.PushTo(name)],
            StoreRoot = store,
            Environment = environment,

            // BUILDKIT_PROGRESS=plain|rawjson shows the events on stderr (to see where the time goes).
            ProgressOutput = environment.ContainsKey("BUILDKIT_PROGRESS") ? Console.Error : null,
        };

        var result = await new BuildService().BuildAsync(request).ConfigureAwait(false);
        Trace("build returned");
        Print(result, watch.Elapsed);

        // CB_BENCH_REPEAT=N builds N more times in this process: the steady state a long-lived host (an MSBuild node) sees.
        var repeat = int.TryParse(Environment.GetEnvironmentVariable("CB_BENCH_REPEAT"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        for (var i = 0; i < repeat; i++)
        {
            var again = Stopwatch.StartNew();
            Print(await new BuildService().BuildAsync(request).ConfigureAwait(false), again.Elapsed);
        }

        return 0;
    }

    // CB_TRACE_TIMINGS=1: the host's side of the build service's phase lines (time since the process started, JIT work).
    private static void Trace(string phase)
    {
        if (Environment.GetEnvironmentVariable("CB_TRACE_TIMINGS") == "1")
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[timing] {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds,7:F1} ms  {phase,-16} jit: {JitInfo.GetCompiledMethodCount(),5} methods {JitInfo.GetCompilationTime().TotalMilliseconds,6:F1} ms"));
        }
    }

    private static void Print(BuildResult result, TimeSpan process) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"digest={result.ImageDigest} solve={result.Timings.Solve.TotalSeconds:F3} export={result.Timings.Export.TotalSeconds:F3} build={result.Timings.Total.TotalSeconds:F3} process={process.TotalSeconds:F3} executed={result.Executed} cached={result.Cached}"));
}
