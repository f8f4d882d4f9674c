using System.Diagnostics;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Graph;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>
/// A second process that solves a RUN on a store while the test watches or kills it: this test assembly run again
/// with one explicit test selected, told where through the environment. Never run in a normal test run.
/// </summary>
public sealed class ExecChild
{
    /// <summary>The cache mount id of <see cref="KilledBuildGraph"/>; its RUN writes <c>started</c> into it before it hangs.</summary>
    internal const string KilledBuildCacheId = "killed-build";

    /// <summary>The cache mount id of <see cref="SharedCacheGraph"/>.</summary>
    internal const string SharedCacheId = "shared-cache";

    private const string RootVariable = "CB_EXEC_CHILD_ROOT";
    private const string RuntimeVariable = "CB_EXEC_CHILD_RUNTIME";
    private const string HangValue = "hang-in-run";

    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    /// <summary>
    /// One RUN with a cache mount that writes /out. It hangs only when no_proxy says so: proxy variables reach the RUN
    /// but never its cache key, so the killed child and the next build solve the same graph with the same keys.
    /// </summary>
    internal static State KilledBuildGraph(OciRuntimeKind runtime) => State.Image(ExecHarness.Busybox).Run(new RunOptions
    {
        Args = ["sh", "-c", $"echo partial > /cache/partial; if [ \"$no_proxy\" = {HangValue} ]; then touch /cache/started; sleep 300; fi; echo built > /out"],
        Env = [.. PathEnv, "RUNTIME=" + OciRuntimeExecutorOptions.RuntimeName(runtime)],
        Mounts = [new CacheMount("/cache", KilledBuildCacheId)],
    }).Root;

    /// <summary>A RUN with a <c>sharing=shared</c> cache mount that writes <c>f</c> and <c>started</c> and then waits for <c>go</c> in it.</summary>
    internal static State SharedCacheGraph() => State.Image(ExecHarness.Busybox).Run(new RunOptions
    {
        Args = ["sh", "-c", "echo from-child > /cache/f; touch /cache/started; while [ ! -e /cache/go ]; do sleep 0.05; done; echo done > /out"],
        Env = PathEnv,
        Mounts = [new CacheMount("/cache", SharedCacheId) { Sharing = CacheSharing.Shared }],
    }).Root;

    /// <summary>Starts a child that runs the explicit test <paramref name="method"/> of this class on the store at <paramref name="storeRoot"/>.</summary>
    internal static RunningChild Start(string method, string storeRoot, OciRuntimeKind runtime = OciRuntimeKind.Runc)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["exec", typeof(ExecChild).Assembly.Location,
            "-method", $"{typeof(ExecChild).FullName}.{method}", "-explicit", "only", "-noLogo", "-noColor"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[RootVariable] = storeRoot;
        info.Environment[RuntimeVariable] = runtime.ToString();
        return new RunningChild(Process.Start(info) ?? throw new InvalidOperationException("Could not start the exec child process."));
    }

    /// <summary>Waits until <paramref name="marker"/> exists, failing when the child exits first or three minutes pass.</summary>
    internal static async Task WaitForAsync(RunningChild child, string marker, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(marker) && !child.Process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.True(File.Exists(marker), $"The child's RUN did not write {marker}; the child {(child.Process.HasExited ? $"exited with {child.Process.ExitCode}" : "still runs")}:\n{child.Output}");
    }

    [Fact(Explicit = true)]
    public async Task Solve_the_killed_build_and_hang_in_its_run()
    {
        using var harness = Harness(hang: true);
        await harness.SolveAsync(KilledBuildGraph(harness.Exec.Runtime));
        Assert.Fail("The run should have hung until this process was killed.");
    }

    [Fact(Explicit = true)]
    public async Task Solve_the_shared_cache_run()
    {
        using var harness = Harness(hang: false);
        await harness.SolveAsync(SharedCacheGraph());
    }

    private static ExecHarness Harness(bool hang)
    {
        var root = Environment.GetEnvironmentVariable(RootVariable);
        if (string.IsNullOrEmpty(root))
        {
            Assert.Skip("Run only as the second process of the exec tests.");
        }

        var runtime = Enum.Parse<OciRuntimeKind>(Environment.GetEnvironmentVariable(RuntimeVariable)!);
        return new ExecHarness(root)
        {
            Exec = new ExecEngineOptions { Runtime = runtime, Proxy = hang ? new ProxyEnvironment { NoProxy = HangValue } : null },
        };
    }
}

/// <summary>A started child process and everything it has printed so far.</summary>
internal sealed class RunningChild : IDisposable
{
    private readonly System.Text.StringBuilder output = new();

    public RunningChild(Process process)
    {
        Process = process;
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Kills the child with its runtime and container when a failed test left it running.</summary>
    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
