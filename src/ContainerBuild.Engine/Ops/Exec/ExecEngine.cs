using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Overlay;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>
/// What every RUN of an engine shares: the runtime executor, the root filesystem mounter and the cache mounts. Made
/// once per engine start; it removes what killed builds left (mounts now, stopped containers before the first RUN).
/// </summary>
internal sealed class ExecEngine
{
    private readonly Lazy<Task> cleanup;

    public ExecEngine(EngineContext context)
    {
        Options = context.Exec;
        Mounter = new RootfsMounter(context.Store, context.Snapshots, Options.Rootfs);
        Mounter.CleanupStaleMounts();
        Executor = new OciRuntimeExecutor(OciRuntimeExecutorOptions.UnderStoreRoot(context.Store.Root, Options.Runtime) with
        {
            RuntimePath = Options.RuntimePath,
            Spec = new OciRuntimeSpecOptions { AllowInsecure = Options.AllowInsecure },
        });
        CacheMounts = new CacheMountStore(context.Store.Root, Options.CacheMountLockTimeout);

        // Needs the runtime: deferred to the first RUN so that builds without one never look for it.
        cleanup = new Lazy<Task>(() => Executor.CleanupAsync(TimeSpan.FromMinutes(10)));
    }

    public ExecEngineOptions Options { get; }

    public RootfsMounter Mounter { get; }

    public OciRuntimeExecutor Executor { get; }

    public CacheMountStore CacheMounts { get; }

    /// <summary>Removes stopped containers and stale bundles, once.</summary>
    public Task EnsureCleanedUpAsync() => cleanup.Value;
}
