using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Overlay;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>
/// What every RUN of an engine shares: the runtime executor, the root filesystem mounter and the cache mounts. Made
/// once per engine start; it removes what killed builds left: their containers first (they may still be running on
/// their root filesystems), then their mounts.
/// </summary>
internal sealed class ExecEngine
{
    private readonly string storeRoot;
    private readonly Lazy<Task> cleanup;

    public ExecEngine(EngineContext context)
    {
        storeRoot = context.Store.Root;
        Options = context.Exec;
        Mounter = new RootfsMounter(context.Store, context.Snapshots, Options.Rootfs);
        Executor = new OciRuntimeExecutor(OciRuntimeExecutorOptions.UnderStoreRoot(storeRoot, Options.Runtime) with
        {
            RuntimePath = Options.RuntimePath,
            Spec = new OciRuntimeSpecOptions { AllowInsecure = Options.AllowInsecure },
        });
        CacheMounts = new CacheMountStore(storeRoot, Options.CacheMountLockTimeout);

        // Killing containers needs the runtime: with any container state about, mounts wait for the first RUN.
        if (RuntimesWithContainers().Count == 0)
        {
            Mounter.CleanupStaleMounts();
        }

        cleanup = new Lazy<Task>(CleanupAsync);
    }

    public ExecEngineOptions Options { get; }

    public RootfsMounter Mounter { get; }

    public OciRuntimeExecutor Executor { get; }

    public CacheMountStore CacheMounts { get; }

    /// <summary>Kills and removes dead builds' containers (of every runtime), then their mounts and bundles, once.</summary>
    public Task EnsureCleanedUpAsync() => cleanup.Value;

    private async Task CleanupAsync()
    {
        foreach (var runtime in RuntimesWithContainers().Append(Options.Runtime).Distinct())
        {
            var executor = runtime == Options.Runtime ? Executor : new OciRuntimeExecutor(OciRuntimeExecutorOptions.UnderStoreRoot(storeRoot, runtime));
            try
            {
                await executor.CleanupAsync().ConfigureAwait(false);
            }
            catch (OciRuntimeNotFoundException) when (runtime != Options.Runtime)
            {
                // Another runtime's leftovers and that runtime is gone: nothing can stop them; they end on their own.
            }
        }

        Mounter.CleanupStaleMounts();
    }

    /// <summary>The runtimes whose state directory under the store names a container (of a live run or a dead one).</summary>
    private List<OciRuntimeKind> RuntimesWithContainers() =>
    [
        .. Enum.GetValues<OciRuntimeKind>().Where(kind =>
            OciRuntimeExecutorOptions.UnderStoreRoot(storeRoot, kind).StateDirectory is var state
            && Directory.Exists(state)
            && Directory.EnumerateDirectories(state, "cb-*").Any()),
    ];
}
