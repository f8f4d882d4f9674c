namespace ContainerBuild.Engine.Exec;

/// <summary>A RUN that ended with a valid exit code.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="LastLines">Its last lines of output (stdout and stderr interleaved as read).</param>
/// <param name="Duration">From starting the runtime to its exit, container setup and teardown included.</param>
/// <param name="ContainerId">The id the container ran under.</param>
public sealed record ExecResult(int ExitCode, IReadOnlyList<string> LastLines, TimeSpan Duration, string ContainerId);
