using System.Diagnostics;
using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Store;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Tests.Cache;

/// <summary>
/// A second process that solves <see cref="BlobOps.Graph"/> against a store: this test assembly run again by the xunit
/// runner with one explicit test selected, told what to do through the environment. Never run in a normal test run.
/// </summary>
public sealed class CacheChild
{
    private const string RootVariable = "CB_CACHE_CHILD_ROOT";
    private const string OutputVariable = "CB_CACHE_CHILD_OUTPUT";
    private const string ReadyVariable = "CB_CACHE_CHILD_READY";
    private const string GoVariable = "CB_CACHE_CHILD_GO";
    private const string HangAtVariable = "CB_CACHE_CHILD_HANG_AT";

    /// <summary>Starts a child that solves the graph, writes "&lt;result id&gt; &lt;cache key&gt;" to <paramref name="output"/>, and exits.</summary>
    internal static Process Start(string root, string output, string? readyFile = null, string? goFile = null, string? hangAt = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["exec", typeof(CacheChild).Assembly.Location,
            "-method", $"{typeof(CacheChild).FullName}.{nameof(Solve)}", "-explicit", "only", "-noLogo", "-noColor"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[RootVariable] = root;
        info.Environment[OutputVariable] = output;
        info.Environment[ReadyVariable] = readyFile ?? "";
        info.Environment[GoVariable] = goFile ?? "";
        info.Environment[HangAtVariable] = hangAt ?? "";
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the cache child process.");
    }

    internal static async Task<(int ExitCode, string Output)> WaitAsync(Process process, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact(Explicit = true)]
    public async Task Solve()
    {
        var root = Environment.GetEnvironmentVariable(RootVariable);
        if (string.IsNullOrEmpty(root))
        {
            Assert.Skip("Run only as the second process of the cross-process cache tests.");
        }

        var token = TestContext.Current.CancellationToken;
        var store = new ContentStore(root);
        var ops = new BlobOps(store);

        // Hanging at a vertex keeps its definition (and key): only this process's behaviour differs.
        if (Environment.GetEnvironmentVariable(HangAtVariable) is { Length: > 0 } hangAt)
        {
            ops.GateFor = v => v.Name == hangAt
                ? async ct =>
                {
                    await File.WriteAllTextAsync(Environment.GetEnvironmentVariable(OutputVariable)! + ".hanging", v.Name, ct);
                    await Task.Delay(Timeout.Infinite, ct);
                }
                : null;
        }

        if (Environment.GetEnvironmentVariable(ReadyVariable) is { Length: > 0 } ready)
        {
            await File.WriteAllTextAsync(ready, "ready", token);
            var go = Environment.GetEnvironmentVariable(GoVariable)!;
            while (!File.Exists(go))
            {
                await Task.Delay(5, token);
            }
        }

        var solver = new Solver.Solver(ops, new CacheRecordStore(store));
        var result = await solver.SolveAsync(BlobOps.Graph(size: 256 * 1024), cancellationToken: token);
        await File.WriteAllTextAsync(Environment.GetEnvironmentVariable(OutputVariable)!, $"{result.Result.Id} {result.CacheKey}", token);
    }
}
