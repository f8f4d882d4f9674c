using ContainerBuild.Engine.Exec;
using ContainerBuild.Engine.Overlay;

namespace ContainerBuild.Engine.Ops.Exec;

/// <summary>How the engine runs RUN steps: the runtime, what a build passes in besides the Definition (proxies, secrets, ssh).</summary>
public sealed record ExecEngineOptions
{
    public OciRuntimeKind Runtime { get; init; } = OciRuntimeKind.Runc;

    /// <summary>The runtime binary; null to look for it on PATH and in the sbin folders.</summary>
    public string? RuntimePath { get; init; }

    /// <summary>Proxy variables for every RUN; never part of a cache key.</summary>
    public ProxyEnvironment? Proxy { get; init; }

    /// <summary>Secrets by id (<c>--secret id=...</c>); their bytes never enter a layer, a key or the log.</summary>
    public IReadOnlyDictionary<string, SecretSource> Secrets { get; init; } = new Dictionary<string, SecretSource>(StringComparer.Ordinal);

    /// <summary>SSH agent sockets by id (<c>--ssh default=$SSH_AUTH_SOCK</c>).</summary>
    public IReadOnlyDictionary<string, string> SshAgents { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The <c>security.insecure</c> entitlement: RUN steps may ask for privileged mode.</summary>
    public bool AllowInsecure { get; init; }

    public RootfsMountOptions Rootfs { get; init; } = new();

    /// <summary>How long a cache mount waits for the users that exclude it: a <c>sharing=locked</c> one for any other user, a shared one for a locked or private one.</summary>
    public TimeSpan CacheMountLockTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Where secret files live during a RUN: tmpfs, so their bytes never reach a disk.</summary>
    public string SecretsDirectory { get; init; } = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
}
