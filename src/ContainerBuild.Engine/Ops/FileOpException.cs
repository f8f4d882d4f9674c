namespace ContainerBuild.Engine.Ops;

/// <summary>A file action (copy, mkdir, mkfile, rm, symlink) failed: which step, which path, and why.</summary>
public class FileOpException : IOException
{
    public FileOpException(string step, string path, string problem, Exception? innerException = null)
        : base($"{step}: {problem}", innerException)
    {
        Step = step;
        Path = path;
        Problem = problem;
    }

    public FileOpException()
    {
        Step = "";
        Path = "";
        Problem = "";
    }

    public FileOpException(string message)
        : base(message)
    {
        Step = "";
        Path = "";
        Problem = message;
    }

    public FileOpException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Step = "";
        Path = "";
        Problem = message;
    }

    /// <summary>The op's name for progress (the Dockerfile step, such as <c>[2/3] COPY out/ /app/</c>).</summary>
    public string Step { get; }

    /// <summary>The path the action was about.</summary>
    public string Path { get; }

    public string Problem { get; }
}

/// <summary>A copy's source does not exist (or a wildcard matched nothing where that is not allowed).</summary>
public sealed class CopySourceNotFoundException : FileOpException
{
    public CopySourceNotFoundException(string step, string path, string source, Exception? innerException = null)
        : base(step, path, $"the copy source '{path}' was not found in {source}", innerException)
    {
        SearchedIn = source;
    }

    public CopySourceNotFoundException()
    {
        SearchedIn = "";
    }

    public CopySourceNotFoundException(string message)
        : base(message)
    {
        SearchedIn = "";
    }

    public CopySourceNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        SearchedIn = "";
    }

    /// <summary>Where it was looked for: a local directory or a build state.</summary>
    public string SearchedIn { get; }
}

/// <summary>An owner given by name is not in the state's <c>/etc/passwd</c> or <c>/etc/group</c>.</summary>
public sealed class UnknownOwnerException : FileOpException
{
    public UnknownOwnerException(string step, string name, bool isGroup)
        : base(step, isGroup ? "/etc/group" : "/etc/passwd", $"the {(isGroup ? "group" : "user")} '{name}' is not in {(isGroup ? "/etc/group" : "/etc/passwd")} of the state it belongs to; use a numeric id or add the {(isGroup ? "group" : "user")} first")
    {
        Name = name;
        IsGroup = isGroup;
    }

    public UnknownOwnerException()
    {
        Name = "";
    }

    public UnknownOwnerException(string message)
        : base(message)
    {
        Name = "";
    }

    public UnknownOwnerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Name = "";
    }

    public string Name { get; }

    public bool IsGroup { get; }
}
