using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exec;

/// <summary>One RUN: what to execute in a root filesystem and how (the runtime-facing half of an LLB <c>ExecOp</c>).</summary>
public sealed record ExecRequest
{
    /// <summary>The default <c>PATH</c> when neither the image nor the op sets one (BuildKit's and Docker's).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>BuildKit's hostname for build containers.</summary>
    public const string DefaultHostname = "buildkitsandbox";

    /// <summary>The command and its arguments; the first is looked up on the container's <c>PATH</c> by the runtime.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The image's environment (<c>NAME=value</c>); the op's <see cref="Env"/> overrides it name by name.</summary>
    public IReadOnlyList<string> ImageEnv { get; init; } = [];

    /// <summary>The op's environment (<c>NAME=value</c>).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>The working directory; created (root-owned, 0755) in the root filesystem before the run when missing.</summary>
    public string Cwd { get; init; } = "/";

    /// <summary><c>name</c>, <c>uid</c>, <c>name:group</c> or <c>uid:gid</c>, resolved from the root filesystem's /etc/passwd and /etc/group; null or empty for root.</summary>
    public string? User { get; init; }

    public string Hostname { get; init; } = DefaultHostname;

    public IReadOnlyList<ExtraHost> ExtraHosts { get; init; } = [];

    /// <summary>Limits over the defaults (nofile 1048576); every value is lowered to the caller's hard limit.</summary>
    public IReadOnlyList<ExecUlimit> Ulimits { get; init; } = [];

    /// <summary>Bind and tmpfs mounts, applied in the order given (sort by target so parents come first, as LLB does).</summary>
    public IReadOnlyList<ExecMount> Mounts { get; init; } = [];

    public ExecNetwork Network { get; init; } = ExecNetwork.Host;

    public ExecSecurity Security { get; init; } = ExecSecurity.Sandbox;

    /// <summary>Proxy variables added to the environment where it does not set them already. Never part of a cache key.</summary>
    public ProxyEnvironment? Proxy { get; init; }

    /// <summary>Exit codes that count as success; null means only 0.</summary>
    public IReadOnlyList<int>? ValidExitCodes { get; init; }

    /// <summary>The platform of the root filesystem; null when it is the host's. A foreign one runs through binfmt emulation.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Whether <paramref name="exitCode"/> counts as success.</summary>
    public bool IsValidExitCode(int exitCode) => ValidExitCodes is { } valid ? valid.Contains(exitCode) : exitCode == 0;
}
