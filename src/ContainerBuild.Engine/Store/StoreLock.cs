using System.Diagnostics;

namespace ContainerBuild.Engine.Store;

/// <summary>
/// A named lock shared by every process using one store: <c>locks/&lt;name&gt;.lock</c> held open with
/// <see cref="FileShare.None"/> (an <c>flock</c> on Unix, so <c>flock(1)</c> sees it too), or held shared by several
/// readers at once. Dispose releases it; a dead process's lock is released by the OS. Lock files are never deleted,
/// because deleting one races with a waiter.
/// </summary>
public sealed class StoreLock : IDisposable
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(100);

    private readonly FileStream handle;

    private StoreLock(string name, string path, FileStream handle)
    {
        Name = name;
        Path = path;
        this.handle = handle;
    }

    public string Name { get; }

    public string Path { get; }

    /// <summary>Takes the lock if it is free right now; null when another holder has it.</summary>
    public static StoreLock? TryAcquire(string locksDirectory, string name)
    {
        var path = LockPath(locksDirectory, name);
        Directory.CreateDirectory(locksDirectory);
        var handle = FileLocking.TryOpenExclusive(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        return handle is null ? null : new StoreLock(name, path, handle);
    }

    /// <summary>
    /// Takes the lock shared if no exclusive holder has it right now (any number of shared holders may hold it at
    /// once, and each keeps <see cref="TryAcquire"/> out); null when an exclusive holder has it.
    /// </summary>
    public static StoreLock? TryAcquireShared(string locksDirectory, string name)
    {
        var path = LockPath(locksDirectory, name);
        Directory.CreateDirectory(locksDirectory);
        var handle = FileLocking.TryOpenShared(path);
        return handle is null ? null : new StoreLock(name, path, handle);
    }

    /// <summary>Waits (polling) until the lock is free and takes it.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> to wait until cancelled.</param>
    /// <exception cref="StoreLockTimeoutException">The lock stayed held for <paramref name="timeout"/>.</exception>
    public static Task<StoreLock> AcquireAsync(string locksDirectory, string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(locksDirectory, name, timeout, TryAcquire, cancellationToken);

    /// <summary>Waits (polling) until no exclusive holder has the lock and takes it shared.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> to wait until cancelled.</param>
    /// <exception cref="StoreLockTimeoutException">An exclusive holder kept it for <paramref name="timeout"/>.</exception>
    public static Task<StoreLock> AcquireSharedAsync(string locksDirectory, string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(locksDirectory, name, timeout, TryAcquireShared, cancellationToken);

    private static async Task<StoreLock> WaitAsync(string locksDirectory, string name, TimeSpan timeout, Func<string, string, StoreLock?> tryAcquire, CancellationToken cancellationToken)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A lock timeout is zero or more, or infinite.");
        }

        var waited = Stopwatch.StartNew();
        var poll = FirstPoll;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tryAcquire(locksDirectory, name) is { } acquired)
            {
                return acquired;
            }

            var left = timeout == Timeout.InfiniteTimeSpan ? poll : timeout - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new StoreLockTimeoutException(name, LockPath(locksDirectory, name), timeout);
            }

            await Task.Delay(left < poll ? left : poll, cancellationToken).ConfigureAwait(false);
            poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
        }
    }

    public void Dispose() => handle.Dispose();

    private static string LockPath(string locksDirectory, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(locksDirectory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 200 || name[0] == '.' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ArgumentException($"'{name}' is not a store lock name: use up to 200 ASCII letters, digits, '.', '-' or '_', not starting with '.'.", nameof(name));
        }

        return System.IO.Path.Combine(locksDirectory, name + ".lock");
    }
}
