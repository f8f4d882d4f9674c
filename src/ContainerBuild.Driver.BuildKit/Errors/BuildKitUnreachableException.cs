namespace ContainerBuild.Driver.BuildKit;

/// <summary>Nothing answered as BuildKit at the endpoint: no socket, a refused connection, or no gRPC there.</summary>
public class BuildKitUnreachableException : BuildKitException
{
    public BuildKitUnreachableException()
    {
    }

    public BuildKitUnreachableException(string message)
        : base(message)
    {
    }

    public BuildKitUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BuildKitUnreachableException(string message, string endpoint, Exception? innerException)
        : base(message, endpoint, innerException)
    {
    }
}
