using System.Diagnostics;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Tests.Exec;

/// <summary>Cancelling a run kills its container and leaves neither runtime state nor a bundle.</summary>
public sealed class ExecCancellationTests(ExecImages images)
{
    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task Cancelling_sleep_30_kills_it_promptly_and_leaves_no_container_and_no_bundle(OciRuntimeKind runtime)
    {
        using var harness = new ExecHarness(images, runtime);
        var rootfs = await harness.BusyboxAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ExecHarness.Token);
        var request = new ExecRequest { Args = ["/bin/sh", "-c", "echo started; exec sleep 30"] };
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Executor.RunAsync(
            rootfs,
            request,
            line =>
            {
                if (line.Text == "started")
                {
                    cancel.Cancel();
                }
            },
            cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"cancelled run took {clock.Elapsed}");
        var list = await ProcessRunner.RunAsync(harness.Executor.RuntimePath, ["--root", harness.Options.StateDirectory, "list", "-q"], cancellationToken: ExecHarness.Token);
        Assert.Equal("", list.StandardOutput.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(harness.Options.BundleDirectory));
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_runs_nothing()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var rootfs = await harness.BusyboxAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Executor.RunAsync(rootfs, new ExecRequest { Args = ["true"] }, cancellationToken: new CancellationToken(canceled: true)));

        Assert.False(Directory.Exists(harness.Options.BundleDirectory) && Directory.EnumerateFileSystemEntries(harness.Options.BundleDirectory).Any());
    }

    [Fact]
    public async Task Cleanup_removes_bundles_whose_run_died_and_keeps_those_of_live_runs()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var dead = Directory.CreateDirectory(Path.Combine(harness.Options.BundleDirectory, "cb-0123456789abcdef"));
        File.WriteAllText(Path.Combine(dead.FullName, "config.json"), "{}");
        var live = Directory.CreateDirectory(Path.Combine(harness.Options.BundleDirectory, "cb-fedcba9876543210"));
        using var owner = StoreLock.TryAcquire(harness.Options.BundleDirectory, live.Name);

        var removed = await harness.Executor.CleanupAsync(ExecHarness.Token);

        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(dead.FullName));
        Assert.False(File.Exists(dead.FullName + ".lock"));
        Assert.True(Directory.Exists(live.FullName));
    }
}
