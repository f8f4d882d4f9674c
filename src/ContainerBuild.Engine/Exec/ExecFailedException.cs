namespace ContainerBuild.Engine.Exec;

/// <summary>The command of a RUN exited with a code it was not allowed to (BuildKit's "process ... did not complete successfully").</summary>
public sealed class ExecFailedException : ExecException
{
    public ExecFailedException(IReadOnlyList<string> args, int exitCode, IReadOnlyList<string> lastLines)
        : base(Describe(args, exitCode, lastLines))
    {
        Args = args;
        ExitCode = exitCode;
        LastLines = lastLines;
    }

    /// <summary>The command as it was run.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>The exit code (128 + the signal number when a signal ended it).</summary>
    public int ExitCode { get; }

    /// <summary>The last lines it wrote to stdout and stderr, in order.</summary>
    public IReadOnlyList<string> LastLines { get; }

    private static string Describe(IReadOnlyList<string> args, int exitCode, IReadOnlyList<string> lastLines)
    {
        var message = $"process \"{string.Join(' ', args)}\" did not complete successfully: exit code: {exitCode}";
        return lastLines.Count == 0 ? message : message + "\n" + string.Join('\n', lastLines);
    }
}
