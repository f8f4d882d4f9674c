using System.Security.Cryptography;
using System.Text;
using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Store;
using ContainerBuild.Engine.Tests.Ops.Exec;
using ContainerBuild.Graph;
using ContainerBuild.Solver;
using ExecRequest = ContainerBuild.Engine.Exec.ExecRequest;

namespace ContainerBuild.Engine.Tests.Cache;

/// <summary>Cache mounts made by real RUNs (runc on the local busybox) in du and prune.</summary>
public sealed class CacheMountPruneTests
{
    private static readonly string[] PathEnv = ["PATH=" + ExecRequest.DefaultPath];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<CacheEntry> RunWithCacheMountAsync(ExecHarness harness)
    {
        var state = State.Image(ExecHarness.Busybox).Run(new RunOptions
        {
            Args = ["sh", "-c", "echo cached-bytes > /cache/f; echo done > /out"],
            Env = PathEnv,
            Mounts = [new CacheMount("/cache", "tool-cache")],
        }).Root;
        await harness.SolveAsync(state);
        var usage = await new CacheRecordStore(harness.Store).DiskUsageAsync(Token);
        return Assert.Single(usage.Entries, e => e.RecordType == CacheRecordTypes.ExecCacheMount);
    }

    [Fact]
    public async Task Du_lists_a_cache_mount_with_its_target_id_size_and_last_use()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        var mount = await RunWithCacheMountAsync(harness);

        Assert.Equal("cached mount /cache with id \"tool-cache\"", mount.Description);
        Assert.Equal("cached-bytes\n".Length, mount.Size);
        Assert.InRange(mount.LastUsed, before, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.True(Directory.Exists(Path.Combine(harness.Store.Root, "mounts", mount.Id.Hex)));
    }

    [Fact]
    public async Task Prune_with_a_cachemount_type_filter_removes_only_cache_mounts()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        var mount = await RunWithCacheMountAsync(harness);
        var records = new CacheRecordStore(harness.Store);
        var regular = (await records.DiskUsageAsync(Token)).Entries.Where(e => e.RecordType != CacheRecordTypes.ExecCacheMount).Select(e => e.Id).ToList();
        Assert.NotEmpty(regular);

        var kept = await records.PruneAsync(new PruneOptions(), Token);
        Assert.DoesNotContain(kept.Removed, e => e.RecordType == CacheRecordTypes.ExecCacheMount);
        await RunWithCacheMountAsync(harness); // The default prune took the records, not the mount; solve again.
        regular = [.. (await records.DiskUsageAsync(Token)).Entries.Where(e => e.RecordType != CacheRecordTypes.ExecCacheMount).Select(e => e.Id)];

        var pruned = await records.PruneAsync(new PruneOptions { Filters = ["type=exec.cachemount"] }, Token);

        Assert.Equal(mount.Id, Assert.Single(pruned.Removed).Id);
        Assert.True(pruned.ReclaimedBytes >= mount.Size);
        var after = (await records.DiskUsageAsync(Token)).Entries;
        Assert.DoesNotContain(after, e => e.RecordType == CacheRecordTypes.ExecCacheMount);
        Assert.Equal(regular.Order(), after.Select(e => e.Id).Order());
        Assert.False(Directory.Exists(Path.Combine(harness.Store.Root, "mounts", mount.Id.Hex)));
    }

    [Fact]
    public async Task Prune_all_removes_cache_mounts_but_skips_one_a_running_build_holds()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness();
        await harness.SolveAsync(State.Image(ExecHarness.Busybox).Run(new RunOptions
        {
            Args = ["sh", "-c", "echo x > /free/f; echo y > /held/f"],
            Env = PathEnv,
            Mounts = [new CacheMount("/free", "free"), new CacheMount("/held", "held") { Sharing = CacheSharing.Locked }],
        }).Root);
        var heldName = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("held")));
        using var running = StoreLock.TryAcquire(Path.Combine(harness.Store.Root, "mounts", "locks"), heldName);
        Assert.NotNull(running);
        var records = new CacheRecordStore(harness.Store);

        var pruned = await records.PruneAsync(new PruneOptions { All = true }, Token);

        Assert.Contains(pruned.Removed, e => e.Description == "cached mount /free with id \"free\"");
        var left = Assert.Single((await records.DiskUsageAsync(Token)).Entries);
        Assert.Equal("cached mount /held with id \"held\"", left.Description);
        Assert.True(File.Exists(Path.Combine(harness.Store.Root, "mounts", heldName, "f")));
    }

    [Fact]
    public async Task Prune_skips_a_shared_cache_mount_a_build_in_another_process_is_using_and_other_shared_users_get_in()
    {
        ExecHarness.RequireRunc();
        using var harness = new ExecHarness { Exec = new() { CacheMountLockTimeout = TimeSpan.FromMinutes(1) } };
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ExecChild.SharedCacheId)));
        var directory = Path.Combine(harness.Store.Root, "mounts", name);
        var records = new CacheRecordStore(harness.Store);
        using var child = ExecChild.Start(nameof(ExecChild.Solve_the_shared_cache_run), harness.Store.Root);
        await ExecChild.WaitForAsync(child, Path.Combine(directory, "started"), Token);

        var whileUsed = await records.PruneAsync(new PruneOptions { Filters = ["type=exec.cachemount"] }, Token);

        Assert.Empty(whileUsed.Removed);
        Assert.True(File.Exists(Path.Combine(directory, "f")));

        // A second shared user runs while the child's RUN still holds the cache, and lets it finish.
        var reader = await harness.SolveAsync(State.Image(ExecHarness.Busybox).Run(new RunOptions
        {
            Args = ["sh", "-c", "cp /cache/f /seen; touch /cache/go"],
            Env = PathEnv,
            Mounts = [new CacheMount("/cache", ExecChild.SharedCacheId) { Sharing = CacheSharing.Shared }],
        }).Root);
        Assert.Equal("from-child\n", Assert.Single(await harness.ReadLayerAsync(reader.Result.Layers[^1]), i => i.Path == "seen").Content);
        await child.Process.WaitForExitAsync(Token);
        Assert.True(child.Process.ExitCode == 0, child.Output);

        var afterwards = await records.PruneAsync(new PruneOptions { Filters = ["type=exec.cachemount"] }, Token);

        Assert.Equal(name, Assert.Single(afterwards.Removed).Id.Hex);
        Assert.False(Directory.Exists(directory));
    }
}
