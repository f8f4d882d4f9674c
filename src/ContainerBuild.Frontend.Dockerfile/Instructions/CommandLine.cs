namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD (BuildKit's ShellDependantCmdLine). The shell form is one
/// argument, the text as written (never expanded by the frontend: the shell does that) and <see cref="PrependShell"/>
/// set; the exec form (<c>["a", "b"]</c>) is the JSON strings, also never expanded.
/// </summary>
public sealed record CommandLine(IReadOnlyList<string> Arguments, bool PrependShell)
{
    /// <summary>Written as a JSON array.</summary>
    public bool IsExecForm => !PrependShell;

    /// <summary>A shell-form command line.</summary>
    public static CommandLine Shell(string text) => new([text], PrependShell: true);

    /// <summary>An exec-form command line.</summary>
    public static CommandLine Exec(IReadOnlyList<string> arguments) => new(arguments, PrependShell: false);
}
