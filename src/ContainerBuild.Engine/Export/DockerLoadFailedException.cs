namespace ContainerBuild.Engine.Export;

/// <summary><c>docker load</c> ran and refused the image; <see cref="ClientOutput"/> is what it said.</summary>
public sealed class DockerLoadFailedException : ExportException
{
    public DockerLoadFailedException()
    {
        Client = "docker";
        ClientOutput = "";
    }

    public DockerLoadFailedException(string message)
        : base(message)
    {
        Client = "docker";
        ClientOutput = "";
    }

    public DockerLoadFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Client = "docker";
        ClientOutput = "";
    }

    public DockerLoadFailedException(string client, int exitCode, string clientOutput)
        : base($"'{client} load' failed with exit code {exitCode}: {clientOutput.Trim()}")
    {
        Client = client;
        ExitCode = exitCode;
        ClientOutput = clientOutput;
    }

    public string Client { get; }

    public int ExitCode { get; }

    public string ClientOutput { get; }
}
