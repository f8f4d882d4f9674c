namespace ContainerBuild.Engine.Exec;

/// <summary>
/// A resource limit for the RUN (<c>--ulimit nofile=1024:2048</c>), by Docker's name (<c>nofile</c>, <c>nproc</c>,
/// <c>core</c>, ...). -1 is unlimited. Values above the caller's hard limit are lowered to it, since a process
/// without CAP_SYS_RESOURCE cannot raise them and the runtime would fail.
/// </summary>
public sealed record ExecUlimit(string Name, long Soft, long Hard);
