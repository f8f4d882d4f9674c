namespace ContainerBuild.Engine.Exec;

/// <summary>How an <see cref="OciRuntimeExecutor"/> runs containers.</summary>
public sealed record OciRuntimeExecutorOptions
{
    public OciRuntimeKind Runtime { get; init; } = OciRuntimeKind.Runc;

    /// <summary>The runtime binary; null to look for it on PATH and in the sbin folders.</summary>
    public string? RuntimePath { get; init; }

    /// <summary>The runtime's state root (<c>--root</c>), ours alone so our containers never mix with dockerd's.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Where bundles (config.json, hosts, resolv.conf) are made, one folder per run, removed after it.</summary>
    public required string BundleDirectory { get; init; }

    public OciRuntimeSpecOptions Spec { get; init; } = new();

    /// <summary>How many of the last output lines a result and a failure keep.</summary>
    public int LogTailLines { get; init; } = 20;

    /// <summary>How long a cancelled run may take to die after SIGKILL before the runtime process itself is killed.</summary>
    public TimeSpan KillTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Options keeping state and bundles under a content store's root: <c>exec/&lt;runtime&gt;</c> and <c>exec/bundles</c>.</summary>
    public static OciRuntimeExecutorOptions UnderStoreRoot(string storeRoot, OciRuntimeKind runtime = OciRuntimeKind.Runc)
    {
        ArgumentNullException.ThrowIfNull(storeRoot);
        return new OciRuntimeExecutorOptions
        {
            Runtime = runtime,
            StateDirectory = Path.Combine(storeRoot, "exec", RuntimeName(runtime)),
            BundleDirectory = Path.Combine(storeRoot, "exec", "bundles"),
        };
    }

    /// <summary>The program name of a runtime: <c>runc</c> or <c>crun</c>.</summary>
    public static string RuntimeName(OciRuntimeKind runtime) => runtime == OciRuntimeKind.Crun ? "crun" : "runc";
}
