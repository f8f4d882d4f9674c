using System.Diagnostics;
using ContainerBuild.Engine.Exec;

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
    public async Task Cleanup_removes_bundles_a_killed_build_left_and_keeps_recent_ones()
    {
        using var harness = new ExecHarness(images, OciRuntimeKind.Runc);
        var stale = Directory.CreateDirectory(Path.Combine(harness.Options.BundleDirectory, "cb-0123456789abcdef"));
        File.WriteAllText(Path.Combine(stale.FullName, "config.json"), "{}");
        stale.LastWriteTimeUtc = DateTime.UtcNow.AddHours(-1);
        var recent = Directory.CreateDirectory(Path.Combine(harness.Options.BundleDirectory, "cb-fedcba9876543210"));

        var removed = await harness.Executor.CleanupAsync(TimeSpan.FromMinutes(1), ExecHarness.Token);

        Assert.Equal(1, removed);
        Assert.False(stale.Exists && Directory.Exists(stale.FullName));
        Assert.True(Directory.Exists(recent.FullName));
    }
}
