namespace ContainerBuild.DotNet.Containerized;

/// <summary>A project that cannot be built in a container as it is; the message says what to change.</summary>
public sealed class ContainerizedBuildException : Exception
{
    public ContainerizedBuildException()
    {
    }

    public ContainerizedBuildException(string message)
        : base(message)
    {
    }

    public ContainerizedBuildException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
