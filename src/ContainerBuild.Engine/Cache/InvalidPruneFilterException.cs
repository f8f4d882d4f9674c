namespace ContainerBuild.Engine.Cache;

/// <summary>A prune filter that does not parse: which one, and what is accepted.</summary>
public sealed class InvalidPruneFilterException : Exception
{
    public InvalidPruneFilterException(string filter, string reason)
        : base($"The prune filter '{filter}' is not valid: {reason}")
    {
        Filter = filter;
    }

    public InvalidPruneFilterException()
    {
        Filter = "";
    }

    public InvalidPruneFilterException(string message)
        : base(message)
    {
        Filter = "";
    }

    public InvalidPruneFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Filter = "";
    }

    public string Filter { get; }
}
