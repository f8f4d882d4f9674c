namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// A Dockerfile that cannot be parsed: <see cref="Location"/> names the file and lines, <see cref="Reason"/> what was
/// wrong or expected (the parser throws it, and the converter for words it cannot expand). The message reads <c>Dockerfile:7: unknown instruction: FRM (did you mean FROM?)</c>.
/// </summary>
public sealed class DockerfileParseException : Exception
{
    public DockerfileParseException()
        : this(new SourceRange("Dockerfile", 1, 1), "the Dockerfile is not valid")
    {
    }

    public DockerfileParseException(string message)
        : this(new SourceRange("Dockerfile", 1, 1), message)
    {
    }

    public DockerfileParseException(string message, Exception innerException)
        : this(new SourceRange("Dockerfile", 1, 1), message, innerException)
    {
    }

    public DockerfileParseException(SourceRange location, string reason, Exception? innerException = null)
        : base(location + ": " + reason, innerException)
    {
        Location = location;
        Reason = reason;
    }

    /// <summary>The file and lines at fault.</summary>
    public SourceRange Location { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The file name as given to the parser.</summary>
    public string FileName => Location.FileName;

    /// <summary>The first line at fault (1-based).</summary>
    public int Line => Location.StartLine;
}
