namespace ContainerBuild.Graph;

/// <summary>A mount of a RUN (an exec op) at an absolute <see cref="Target"/>.</summary>
public abstract record ExecMount(string Target);

/// <summary>A state mounted read-write (its changes are an output of the exec) or read-only.</summary>
public sealed record BindMount(string Target, State Source) : ExecMount(Target)
{
    /// <summary>The sub-path of the source to mount.</summary>
    public string? Selector { get; init; }

    public bool Readonly { get; init; }

    /// <summary>Writable, but its changes are thrown away (no output).</summary>
    public bool NoOutput { get; init; }
}

/// <summary>How concurrent builds share a cache mount.</summary>
public enum CacheSharing
{
    Shared,
    Private,
    Locked,
}

/// <summary>A persistent cache directory (<c>--mount=type=cache</c>); never part of a result or a cache key.</summary>
public sealed record CacheMount(string Target, string Id) : ExecMount(Target)
{
    public CacheSharing Sharing { get; init; }

    /// <summary>A state that seeds the cache, or null for an empty one.</summary>
    public State? From { get; init; }

    public string? Selector { get; init; }

    public bool Readonly { get; init; }
}

/// <summary>An in-memory filesystem; <see cref="Size"/> in bytes, 0 for the default.</summary>
public sealed record TmpfsMount(string Target) : ExecMount(Target)
{
    public long Size { get; init; }
}

/// <summary>A secret file from the session, by id.</summary>
public sealed record SecretMount(string Target, string Id) : ExecMount(Target)
{
    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public uint Mode { get; init; } = 0x100; // 0400

    public bool Optional { get; init; }
}

/// <summary>An SSH agent socket from the session, by id.</summary>
public sealed record SshMount(string Target, string Id = "default") : ExecMount(Target)
{
    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public uint Mode { get; init; } = 0x180; // 0600

    public bool Optional { get; init; }
}
