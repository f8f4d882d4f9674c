namespace ContainerBuild.Engine.Exec;

/// <summary>A mount a RUN adds to its root filesystem; <see cref="Target"/> is an absolute path in the container.</summary>
public abstract record ExecMount(string Target);

/// <summary>A host directory or file bind-mounted (recursively) at <see cref="ExecMount.Target"/>.</summary>
/// <param name="Source">The host path.</param>
/// <param name="Target">The path in the container.</param>
/// <param name="ReadOnly">Writes through the mount fail with EROFS.</param>
public sealed record BindMount(string Source, string Target, bool ReadOnly = false) : ExecMount(Target);

/// <summary>An empty tmpfs at <see cref="ExecMount.Target"/>; gone when the RUN ends.</summary>
/// <param name="Target">The path in the container.</param>
/// <param name="SizeBytes">The size limit; null for the kernel's default (half of the RAM).</param>
public sealed record TmpfsMount(string Target, long? SizeBytes = null) : ExecMount(Target);
