using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Tests.Ops.Exec;

/// <summary>
/// A build SIGKILLed in the middle of a RUN: nothing in it can clean up, so its container runs on over its mounted
/// overlay. The next build kills that container, unmounts and removes what it left, and builds the same graph.
/// </summary>
public sealed class KilledBuildTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(OciRuntimeKind.Runc)]
    [InlineData(OciRuntimeKind.Crun)]
    public async Task The_next_build_after_one_killed_mid_run_leaves_no_mount_container_or_half_written_cache_and_succeeds(OciRuntimeKind runtime)
    {
        ExecHarness.RequireRuntime(runtime);
        var runtimeName = OciRuntimeExecutorOptions.RuntimeName(runtime);
        using var harness = new ExecHarness { Exec = new ExecEngineOptions { Runtime = runtime } };
        var root = harness.Store.Root;
        var cacheName = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ExecChild.KilledBuildCacheId)));
        var started = Path.Combine(root, "mounts", cacheName, "started");
        await KillMidRunAsync(harness, runtime, started);

        // What the killed build left: its container still running over its overlay.
        var stateDirectory = OciRuntimeExecutorOptions.UnderStoreRoot(root, runtime).StateDirectory;
        var orphan = Path.GetFileName(Assert.Single(Directory.EnumerateDirectories(stateDirectory)));
        var state = await ProcessRunner.RunAsync(runtimeName, ["--root", stateDirectory, "state", orphan], cancellationToken: Token);
        var orphanPid = JsonDocument.Parse(state.StandardOutput).RootElement.GetProperty("pid").GetInt32();
        Assert.True(IsAlive(orphanPid), $"The orphaned container's process {orphanPid} should still run after the kill.");
        Assert.Single(MountsUnder(root));

        var next = await harness.SolveAsync(ExecChild.KilledBuildGraph(runtime));

        Assert.Equal(1, next.Executed); // The killed RUN left no cache record.
        Assert.Equal("built\n", Assert.Single(await harness.ReadLayerAsync(next.Result.Layers[^1]), i => i.Path == "out").Content);
        Assert.False(IsAlive(orphanPid), $"The orphaned container's process {orphanPid} still runs.");
        Assert.Empty(MountsUnder(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(stateDirectory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(OciRuntimeExecutorOptions.UnderStoreRoot(root, runtime).BundleDirectory));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(root, "snapshots", "overlay", "mounts")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "mounts", "tmp")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "cache", "tmp")));

        // The cache mount is whole: what both runs wrote (as BuildKit's, a killed RUN's writes stay), and listed by du.
        Assert.Equal(["partial", "started"], Directory.EnumerateFileSystemEntries(Path.Combine(root, "mounts", cacheName)).Select(Path.GetFileName).Order());
        var mount = Assert.Single((await new CacheRecordStore(harness.Store).DiskUsageAsync(Token)).Entries, e => e.RecordType == CacheRecordTypes.ExecCacheMount);
        Assert.Equal($"cached mount /cache with id \"{ExecChild.KilledBuildCacheId}\"", mount.Description);
        Assert.Equal(0, (await harness.SolveAsync(ExecChild.KilledBuildGraph(runtime))).Executed);
    }

    /// <summary>Runs the child build until its RUN has written <paramref name="started"/>, then SIGKILLs the child alone, as kill -9 or the OOM killer would.</summary>
    private static async Task KillMidRunAsync(ExecHarness harness, OciRuntimeKind runtime, string started)
    {
        using var child = ExecChild.Start(nameof(ExecChild.Solve_the_killed_build_and_hang_in_its_run), harness.Store.Root, runtime);
        await ExecChild.WaitForAsync(child, started, Token);
        child.Process.Kill(entireProcessTree: false);
        await child.Process.WaitForExitAsync(Token);
    }

    /// <summary>Whether the process exists and is not a zombie.</summary>
    private static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains("zombie", StringComparison.Ordinal));
    }

    /// <summary>Mount points at or under <paramref name="root"/> in this process's mount table.</summary>
    private static List<string> MountsUnder(string root) =>
        [.. File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p == root || p.StartsWith(root + "/", StringComparison.Ordinal))];
}
