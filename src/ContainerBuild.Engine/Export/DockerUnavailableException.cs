namespace ContainerBuild.Engine.Export;

/// <summary>The docker (or podman) client could not reach its daemon, or is not installed.</summary>
public sealed class DockerUnavailableException : ExportException
{
    public DockerUnavailableException()
    {
        Client = "docker";
    }

    public DockerUnavailableException(string message)
        : base(message)
    {
        Client = "docker";
    }

    public DockerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Client = "docker";
    }

    public DockerUnavailableException(string client, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Client = client;
    }

    /// <summary>The client program that was run.</summary>
    public string Client { get; }
}
