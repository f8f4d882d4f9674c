namespace ContainerBuild.Cli;

/// <summary>A command line that parses but asks for something that cannot be: reported as a usage error (exit 2).</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    public UsageException()
        : this("The command line is not valid.")
    {
    }

    public UsageException(string message, Exception innerException)
        : this(message + " " + innerException?.Message)
    {
    }
}
