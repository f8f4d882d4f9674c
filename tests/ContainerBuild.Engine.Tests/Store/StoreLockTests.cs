using System.Diagnostics;
using ContainerBuild.Engine.Store;

namespace ContainerBuild.Engine.Tests.Store;

/// <summary>StoreLock against another process holding the same file with flock(1) from util-linux.</summary>
public sealed class StoreLockTests : IDisposable
{
    private readonly TempDirectory root = new("cb-store-lock");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => root.Dispose();

    [Fact]
    public async Task A_lock_another_process_holds_makes_us_wait_until_it_lets_go()
    {
        var flock = Requires.Program("flock");
        var store = new ContentStore(root.Path);
        var path = Path.Combine(store.LocksDirectory, "cache-records.lock");

        // flock(1) holds the lock while `cat` runs; closing its stdin ends it.
        using var holder = Start(flock, path, "-c", "echo held; cat >/dev/null");
        try
        {
            Assert.Equal("held", await holder.StandardOutput.ReadLineAsync(Token));

            var timeout = await Assert.ThrowsAsync<StoreLockTimeoutException>(
                () => store.LockAsync("cache-records", TimeSpan.FromMilliseconds(200), Token));
            Assert.Equal(path, timeout.LockPath);
            Assert.Null(StoreLock.TryAcquire(store.LocksDirectory, "cache-records"));

            var waiting = store.LockAsync("cache-records", TimeSpan.FromSeconds(30), Token);
            await Task.Delay(300, Token);
            Assert.False(waiting.IsCompleted);

            holder.StandardInput.Close();
            using var acquired = await waiting;
            Assert.Equal(path, acquired.Path);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_lock_we_hold_keeps_another_process_out_until_disposed()
    {
        var flock = Requires.Program("flock");
        var store = new ContentStore(root.Path);
        var path = Path.Combine(store.LocksDirectory, "prune.lock");

        using (await store.LockAsync("prune", TimeSpan.Zero, Token))
        {
            Assert.Equal(1, await ExitCodeAsync(Start(flock, "-n", path, "true")));
            Assert.Null(StoreLock.TryAcquire(store.LocksDirectory, "prune"));
        }

        Assert.Equal(0, await ExitCodeAsync(Start(flock, "-n", path, "true")));
        using var again = StoreLock.TryAcquire(store.LocksDirectory, "prune");
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Shared_holders_in_two_processes_let_each_other_in_and_keep_an_exclusive_one_out()
    {
        var flock = Requires.Program("flock");
        var locks = Path.Combine(root.Path, "locks");
        var path = Path.Combine(locks, "cache.lock");
        Directory.CreateDirectory(locks);

        using var holder = Start(flock, "-s", path, "-c", "echo held; cat >/dev/null");
        try
        {
            Assert.Equal("held", await holder.StandardOutput.ReadLineAsync(Token));
            using (var shared = StoreLock.TryAcquireShared(locks, "cache"))
            {
                Assert.NotNull(shared);
                Assert.Null(StoreLock.TryAcquire(locks, "cache"));
                holder.StandardInput.Close();
                await holder.WaitForExitAsync(Token);
                Assert.Null(StoreLock.TryAcquire(locks, "cache")); // Ours alone still keeps it out.
                Assert.Equal(1, await ExitCodeAsync(Start(flock, "-n", "-x", path, "true")));
            }

            using var exclusive = StoreLock.TryAcquire(locks, "cache");
            Assert.NotNull(exclusive);
            Assert.Null(StoreLock.TryAcquireShared(locks, "cache"));
            Assert.Equal(1, await ExitCodeAsync(Start(flock, "-n", "-s", path, "true")));
            await Assert.ThrowsAsync<StoreLockTimeoutException>(() => StoreLock.AcquireSharedAsync(locks, "cache", TimeSpan.FromMilliseconds(100), Token));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("sha256:abc")]
    [InlineData("")]
    public void A_lock_name_that_is_not_a_plain_file_name_is_refused(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => StoreLock.TryAcquire(root.Path, name));

    private static Process Start(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        using (process)
        {
            await process.WaitForExitAsync(Token);
            return process.ExitCode;
        }
    }
}
