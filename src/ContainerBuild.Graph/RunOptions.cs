namespace ContainerBuild.Graph;

/// <summary>What a RUN executes (an exec op). Env, working directory and user default to the state's metadata.</summary>
public sealed record RunOptions
{
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary><c>NAME=value</c> entries; null takes the state's env. PATH is added when missing.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? Hostname { get; init; }

    public ExecNetwork Network { get; init; }

    public ExecSecurity Security { get; init; }

    /// <summary>Mounts besides the root filesystem (which is the state itself, at "/").</summary>
    public IReadOnlyList<ExecMount> Mounts { get; init; } = [];

    public bool ReadonlyRootFilesystem { get; init; }

    /// <summary>Secrets exposed as environment variables, in order.</summary>
    public IReadOnlyList<SecretEnv> SecretEnvironment { get; init; } = [];

    public IReadOnlyList<ExtraHost> ExtraHosts { get; init; } = [];

    /// <summary>Exit codes that count as success (BuildKit v0.17+); empty means 0 only.</summary>
    public IReadOnlyList<int> ValidExitCodes { get; init; } = [];

    public OpOptions Op { get; init; } = OpOptions.None;
}
