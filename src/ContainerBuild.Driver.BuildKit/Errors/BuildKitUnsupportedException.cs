namespace ContainerBuild.Driver.BuildKit;

/// <summary>The daemon's BuildKit is too old for a method (it answered gRPC Unimplemented).</summary>
public sealed class BuildKitUnsupportedException : BuildKitException
{
    public BuildKitUnsupportedException()
    {
    }

    public BuildKitUnsupportedException(string message)
        : base(message)
    {
    }

    public BuildKitUnsupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BuildKitUnsupportedException(string method, string requiredVersion, string endpoint, Exception? innerException)
        : base(
            $"The BuildKit at {endpoint} does not implement {method}: it needs BuildKit {requiredVersion}. "
            + "Docker 20.10 embeds BuildKit v0.8 and Docker 23 v0.10; upgrade Docker (24 or later) or use a buildkitd of that version.",
            endpoint,
            innerException)
    {
        Method = method;
        RequiredVersion = requiredVersion;
    }

    /// <summary>The gRPC method, such as <c>/moby.buildkit.v1.Control/Info</c>.</summary>
    public string? Method { get; }

    /// <summary>The first BuildKit version that has the method, such as <c>v0.11</c>.</summary>
    public string? RequiredVersion { get; }
}
