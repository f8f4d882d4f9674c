namespace ContainerBuild.Driver.BuildKit;

/// <summary>The Docker API socket is missing or refuses connections: dockerd is not running there.</summary>
public sealed class DockerNotRunningException : BuildKitUnreachableException
{
    public DockerNotRunningException()
    {
    }

    public DockerNotRunningException(string message)
        : base(message)
    {
    }

    public DockerNotRunningException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public DockerNotRunningException(string socketPath, string endpoint, Exception? innerException)
        : base(Describe(socketPath, innerException), endpoint, innerException)
    {
        SocketPath = socketPath;
    }

    /// <summary>The unix socket that was dialled.</summary>
    public string? SocketPath { get; }

    private static string Describe(string socketPath, Exception? cause) =>
        $"Docker is not running: nothing accepts connections on {socketPath} ({cause?.Message ?? "no answer"}). "
        + "Start the daemon (`sudo systemctl start docker`, `sudo service docker start`, or `sudo dockerd &`), "
        + "or point DOCKER_HOST at a running one (unix:///path/to/docker.sock).";
}
