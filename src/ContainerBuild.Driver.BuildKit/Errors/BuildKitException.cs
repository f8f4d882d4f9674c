namespace ContainerBuild.Driver.BuildKit;

/// <summary>A BuildKit daemon could not be reached, refused a request, or failed a build.</summary>
public class BuildKitException : Exception
{
    public BuildKitException()
        : this("The BuildKit request failed.")
    {
    }

    public BuildKitException(string message)
        : this(message, null)
    {
    }

    public BuildKitException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Endpoint = "";
    }

    public BuildKitException(string message, string endpoint, Exception? innerException)
        : base(message, innerException)
    {
        Endpoint = endpoint ?? "";
    }

    /// <summary>Where the daemon was looked for, such as <c>docker unix:///var/run/docker.sock</c>.</summary>
    public string Endpoint { get; }
}
