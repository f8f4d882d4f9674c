using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ContainerBuild.Build;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Graph;
using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Bench;

/// <summary>
/// Builds with RUN steps through the build service, as the CLI does, into the store only (as <c>docker build</c>
/// without a push). Scenarios, each the graph of the Dockerfile bench/run-steps.sh gives docker and buildah:
/// <list type="bullet">
/// <item><c>apt</c>: debian:bookworm-slim, apt-get install curl with locked cache mounts on /var/cache/apt and /var/lib/apt, then a small step.</item>
/// <item><c>busybox</c>: busybox, <c>RUN echo a &gt; /a</c>, <c>RUN echo b &gt; /b</c>.</item>
/// <item><c>true</c>: N builds in this process of busybox plus one <c>RUN true</c> that is new each time; per-RUN times of the exec op.</item>
/// <item><c>base</c>: pulls and unpacks the two base images (a <c>RUN true</c> on each), as dockerd's image store holds them after <c>docker builder prune</c>.</item>
/// </list>
/// </summary>
internal static class RunStepsCommand
{
    public const string AptInstall = "rm -f /etc/apt/apt.conf.d/docker-clean; apt-get update && apt-get install -y --no-install-recommends curl";

    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3 || args[0] is not ("apt" or "busybox" or "true" or "base"))
        {
            await Console.Error.WriteLineAsync("usage: run-steps apt|busybox|base REGISTRY STORE [crun]\n       run-steps true REGISTRY STORE COUNT [crun]").ConfigureAwait(false);
            return 2;
        }

        var (scenario, registry, store) = (args[0], args[1], args[2]);
        var runtime = args[^1] == "crun" ? OciRuntimeKind.Crun : OciRuntimeKind.Runc;
        var watch = Stopwatch.StartNew();
        if (scenario == "true")
        {
            var count = int.Parse(args[3], NumberStyles.None, CultureInfo.InvariantCulture);
            return await RunTrueAsync(registry, store, count, runtime).ConfigureAwait(false);
        }

        if (scenario == "base")
        {
            foreach (var image in (string[])[$"{registry}/debian:bookworm-slim", $"{registry}/busybox:latest"])
            {
                var unpack = State.Image(image, Platform.LinuxAmd64).Run(new RunOptions { Args = ["true"], Env = PathEnv }).Root;
                await new BuildService().BuildAsync(Request(unpack, store, runtime, sink: null)).ConfigureAwait(false);
            }

            return 0;
        }

        var state = scenario == "apt" ? Apt(registry) : Busybox(registry);
        var request = Request(state, store, runtime, sink: null);
        Print(await new BuildService().BuildAsync(request).ConfigureAwait(false), watch.Elapsed);

        // CB_BENCH_REPEAT=N builds N more times in this process: the steady state a long-lived host (an MSBuild node) sees.
        var repeat = int.TryParse(Environment.GetEnvironmentVariable("CB_BENCH_REPEAT"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        for (var i = 0; i < repeat; i++)
        {
            var again = Stopwatch.StartNew();
            Print(await new BuildService().BuildAsync(request).ConfigureAwait(false), again.Elapsed);
        }

        return 0;
    }

    private static void Print(BuildResult result, TimeSpan process) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"digest={result.ImageDigest} solve={result.Timings.Solve.TotalSeconds:F3} build={result.Timings.Total.TotalSeconds:F3} process={process.TotalSeconds:F3} executed={result.Executed} cached={result.Cached}"));

    private static State Apt(string registry)
    {
        var image = $"{registry}/debian:bookworm-slim";
        return State.Image(image, Platform.LinuxAmd64).WithCustomName($"[1/3] FROM {image}")
            .Run(new RunOptions
            {
                Args = ["/bin/sh", "-c", AptInstall],
                Env = PathEnv,
                Mounts =
                [
                    new CacheMount("/var/cache/apt", "/var/cache/apt") { Sharing = CacheSharing.Locked },
                    new CacheMount("/var/lib/apt", "/var/lib/apt") { Sharing = CacheSharing.Locked },
                ],
            }).Root.WithCustomName("[2/3] RUN apt-get install curl")
            .Run(new RunOptions { Args = ["/bin/sh", "-c", "echo step > /later"], Env = PathEnv }).Root.WithCustomName("[3/3] RUN echo step > /later");
    }

    private static State Busybox(string registry)
    {
        var image = $"{registry}/busybox:latest";
        return State.Image(image, Platform.LinuxAmd64).WithCustomName($"[1/3] FROM {image}")
            .Run(new RunOptions { Args = ["/bin/sh", "-c", "echo a > /a"], Env = PathEnv }).Root.WithCustomName("[2/3] RUN echo a > /a")
            .Run(new RunOptions { Args = ["/bin/sh", "-c", "echo b > /b"], Env = PathEnv }).Root.WithCustomName("[3/3] RUN echo b > /b");
    }

    // Each build has a RUN true the store has not seen (its env differs), so exactly that RUN executes; the image is cached after the first.
    private static async Task<int> RunTrueAsync(string registry, string store, int count, OciRuntimeKind runtime)
    {
        var image = $"{registry}/busybox:latest";
        var nonce = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
        var ops = new List<double>();
        var builds = new List<double>();
        for (var i = 0; i <= count; i++)
        {
            var state = State.Image(image, Platform.LinuxAmd64)
                .Run(new RunOptions { Args = ["true"], Env = [.. PathEnv, $"RUN_TRUE={nonce}-{i}"] }).Root.WithCustomName("RUN true");
            var sink = new RunTimes();
            var build = Stopwatch.StartNew();
            var result = await new BuildService().BuildAsync(Request(state, store, runtime, sink)).ConfigureAwait(false);
            if (result.Executed < 1 || sink.Of("RUN true") is not { } op)
            {
                throw new InvalidOperationException($"Build {i} did not execute its RUN true (executed {result.Executed}).");
            }

            if (i > 0)
            {
                ops.Add(op.TotalMilliseconds);
                builds.Add(build.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"op_median_ms={Median(ops):F1} op_min_ms={ops.Min():F1} build_median_ms={Median(builds):F1} runs={count} runtime={OciRuntimeExecutorOptions.RuntimeName(runtime)}"));
        return 0;
    }

    private static BuildRequest Request(State state, string store, OciRuntimeKind runtime, IProgressSink? sink)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }

        return new BuildRequest
        {
            Targets = [BuildTarget.FromState(state, Platform.LinuxAmd64)],
            Outputs = [ExportOutput.StoreOnly()],
            StoreRoot = store,
            Environment = environment,
            Exec = new() { Runtime = runtime },
            ProgressSink = sink,

            // BUILDKIT_PROGRESS=plain|rawjson shows the events on stderr (to see where the time goes).
            ProgressOutput = environment.ContainsKey("BUILDKIT_PROGRESS") ? Console.Error : null,
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Start to completion of each vertex, by name, from the solver's events.</summary>
    private sealed class RunTimes : IProgressSink
    {
        private readonly ConcurrentDictionary<string, TimeSpan> durations = new(StringComparer.Ordinal);

        public TimeSpan? Of(string name) => durations.TryGetValue(name, out var duration) ? duration : null;

        public void Publish(SolveStatus status)
        {
            foreach (var vertex in status.Vertexes)
            {
                if (vertex is { Started: { } started, Completed: { } completed, Cached: false, Error: null })
                {
                    durations[vertex.Name] = completed - started;
                }
            }
        }
    }
}
