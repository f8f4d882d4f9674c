using System.Diagnostics;
using System.Globalization;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Store;

/// <summary>
/// A second process that uses the store: this test assembly run again by the xunit runner with one explicit
/// test selected, told what to do through the environment. It is never run in a normal test run.
/// </summary>
public sealed class StoreChild
{
    private const string RootVariable = "CB_STORE_CHILD_ROOT";
    private const string SeedVariable = "CB_STORE_CHILD_SEED";
    private const string SizeVariable = "CB_STORE_CHILD_SIZE";
    private const string ExpectedVariable = "CB_STORE_CHILD_EXPECTED";
    private const string DelayVariable = "CB_STORE_CHILD_DELAY_MS";
    private const string ReadyVariable = "CB_STORE_CHILD_READY";
    private const string GoVariable = "CB_STORE_CHILD_GO";

    /// <summary>Starts a child that writes <paramref name="size"/> seeded bytes into the store at <paramref name="root"/>.</summary>
    internal static Process StartWriter(
        string root,
        int seed,
        long size,
        Digest? expected = null,
        TimeSpan delayPerRead = default,
        string? readyFile = null,
        string? goFile = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["exec", typeof(StoreChild).Assembly.Location,
            "-method", $"{typeof(StoreChild).FullName}.{nameof(Write)}", "-explicit", "only", "-noLogo", "-noColor"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[RootVariable] = root;
        info.Environment[SeedVariable] = seed.ToString(CultureInfo.InvariantCulture);
        info.Environment[SizeVariable] = size.ToString(CultureInfo.InvariantCulture);
        info.Environment[ExpectedVariable] = expected?.ToString() ?? "";
        info.Environment[DelayVariable] = ((long)delayPerRead.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        info.Environment[ReadyVariable] = readyFile ?? "";
        info.Environment[GoVariable] = goFile ?? "";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the store child process.");
        return process;
    }

    /// <summary>Waits for the child and returns its exit code with everything it printed.</summary>
    internal static async Task<(int ExitCode, string Output)> WaitAsync(Process process, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact(Explicit = true)]
    public async Task Write()
    {
        var root = Environment.GetEnvironmentVariable(RootVariable);
        if (string.IsNullOrEmpty(root))
        {
            Assert.Skip("Run only as the second process of the cross-process store tests.");
        }

        var seed = int.Parse(Environment.GetEnvironmentVariable(SeedVariable)!, CultureInfo.InvariantCulture);
        var size = long.Parse(Environment.GetEnvironmentVariable(SizeVariable)!, CultureInfo.InvariantCulture);
        var delay = TimeSpan.FromMilliseconds(long.Parse(Environment.GetEnvironmentVariable(DelayVariable)!, CultureInfo.InvariantCulture));
        Digest? expected = Digest.TryParse(Environment.GetEnvironmentVariable(ExpectedVariable), out var parsed) ? parsed : null;
        var store = new ContentStore(root);

        // Both writers start together: each says it is ready, then waits for the parent's go.
        if (Environment.GetEnvironmentVariable(ReadyVariable) is { Length: > 0 } ready)
        {
            await File.WriteAllTextAsync(ready, "ready", TestContext.Current.CancellationToken);
            var go = Environment.GetEnvironmentVariable(GoVariable)!;
            while (!File.Exists(go))
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
        }

        var source = new SeededStream(seed, size, delay, maxChunk: delay > TimeSpan.Zero ? 64 * 1024 : 1 << 20);
        var written = await store.WriteAsync(source, expected, size, TestContext.Current.CancellationToken);
        Assert.Equal(size, written.Size);
    }
}
