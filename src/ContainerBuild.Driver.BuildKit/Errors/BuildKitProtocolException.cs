namespace ContainerBuild.Driver.BuildKit;

/// <summary>BuildKit answered something this client cannot read, or a call failed for a reason other than reachability.</summary>
public sealed class BuildKitProtocolException : BuildKitException
{
    public BuildKitProtocolException()
    {
    }

    public BuildKitProtocolException(string message)
        : base(message)
    {
    }

    public BuildKitProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BuildKitProtocolException(string message, string endpoint, Exception? innerException)
        : base(message, endpoint, innerException)
    {
    }
}
