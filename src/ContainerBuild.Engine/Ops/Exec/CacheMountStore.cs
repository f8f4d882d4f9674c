// Cache mounts (RUN --mount=type=cache) live in the content store and outlive builds:
//
//   <root>/mounts/<sha256(id [+ NUL + from key])>/   the directory bound into RUNs
//   <root>/mounts/<hex>.json                           its id and target for du; the file's mtime is its last use
//   <root>/mounts/locks/<hex>.lock                     held by each user for its run: shared by shared users, else exclusive
//   <root>/mounts/locks/<hex>.create.lock              held while the directory is made and seeded
//   <root>/mounts/tmp/                                 directories being made, and private copies

using System.Security.Cryptography;
using System.Text;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Store;
using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>Cache mount directories by id, with BuildKit's sharing modes across builds and processes.</summary>
internal sealed partial class CacheMountStore(string storeRoot, TimeSpan lockTimeout)
{
    private readonly string root = Path.Combine(storeRoot, "mounts");

    private string Locks => Path.Combine(root, "locks");

    private string Temp => Path.Combine(root, "tmp");

    /// <summary>The directory of a cache mount, made (and seeded) on first use.</summary>
    /// <param name="id">The cache id (the target when the op names none).</param>
    /// <param name="target">Where the RUN mounts it, for du's description.</param>
    /// <param name="seedKey">What the seed is (a chain id and sub-path), part of the identity as BuildKit's <c>cache-dir:id:baseRef</c>; empty without one.</param>
    /// <param name="seed">Fills a new directory; null to leave it empty.</param>
    public async Task<CacheMountLease> AcquireAsync(string id, string target, CacheSharingOpt sharing, string seedKey, Func<string, CancellationToken, Task>? seed, CancellationToken cancellationToken)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seedKey.Length == 0 ? id : id + "\0" + seedKey)));
        var directory = Path.Combine(root, name);
        while (true)
        {
            await EnsureCreatedAsync(name, directory, seed, cancellationToken).ConfigureAwait(false);
            var lease = await LeaseAsync(name, directory, sharing, seed, cancellationToken).ConfigureAwait(false);
            if (lease.IsTemporary || Directory.Exists(directory))
            {
                await MarkUsedAsync(name, id, target, cancellationToken).ConfigureAwait(false);
                return lease;
            }

            lease.Dispose(); // Pruned between its creation and our lock: make it again.
        }
    }

    // Every user holds the lock while it runs, so prune (which takes it exclusively) never removes a cache in use.
    private async Task<CacheMountLease> LeaseAsync(string name, string directory, CacheSharingOpt sharing, Func<string, CancellationToken, Task>? seed, CancellationToken cancellationToken)
    {
        switch (sharing)
        {
            case CacheSharingOpt.Locked:
                var held = await StoreLock.AcquireAsync(Locks, name, lockTimeout, cancellationToken).ConfigureAwait(false);
                return new CacheMountLease(directory, held, temporary: false);
            case CacheSharingOpt.Private:
                if (StoreLock.TryAcquire(Locks, name) is { } free)
                {
                    return new CacheMountLease(directory, free, temporary: false);
                }

                // In use by another: a fresh directory of its own, as BuildKit makes a new ref.
                var fresh = await CreateAsync(seed, cancellationToken).ConfigureAwait(false);
                return new CacheMountLease(fresh, null, temporary: true);
            default:
                // With other shared users at once; after a locked or private user is done with it.
                var shared = await StoreLock.AcquireSharedAsync(Locks, name, lockTimeout, cancellationToken).ConfigureAwait(false);
                return new CacheMountLease(directory, shared, temporary: false);
        }
    }

    private async Task EnsureCreatedAsync(string name, string directory, Func<string, CancellationToken, Task>? seed, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        using var creating = await StoreLock.AcquireAsync(Locks, name + ".create", lockTimeout, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(directory))
        {
            return;
        }

        var made = await CreateAsync(seed, cancellationToken).ConfigureAwait(false);
        Directory.Move(made, directory); // Atomic: a killed build never leaves a half-seeded cache.
    }

    private async Task<string> CreateAsync(Func<string, CancellationToken, Task>? seed, CancellationToken cancellationToken)
    {
        var made = Path.Combine(Temp, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Temp);
            if (seed is null)
            {
                Directory.CreateDirectory(made);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(made, (UnixFileMode)0b111_101_101);
                }
            }
            else
            {
                await seed(made, cancellationToken).ConfigureAwait(false);
            }

            return made;
        }
        catch
        {
            DirectoryTrees.Delete(made);
            throw;
        }
    }
}
