using ContainerBuild.Oci;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>BuildKit accepted the request but the build failed; carries the failed vertex when the status stream named one.</summary>
public sealed class BuildKitSolveException : BuildKitException
{
    public BuildKitSolveException()
    {
    }

    public BuildKitSolveException(string message)
        : base(message)
    {
    }

    public BuildKitSolveException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BuildKitSolveException(string reference, string error, BuildKitVertex? failedVertex, string endpoint, Exception? innerException)
        : base(Describe(error, failedVertex), endpoint, innerException)
    {
        Reference = reference;
        Error = error;
        FailedVertex = failedVertex;
    }

    /// <summary>The build's job reference (<c>SolveRequest.Ref</c>).</summary>
    public string? Reference { get; }

    /// <summary>BuildKit's own error text.</summary>
    public string? Error { get; }

    /// <summary>The vertex the status stream reported with an error, if any.</summary>
    public BuildKitVertex? FailedVertex { get; }

    /// <summary>The failed vertex's digest, if known.</summary>
    public Digest? FailedDigest => FailedVertex?.Digest;

    private static string Describe(string error, BuildKitVertex? vertex) =>
        vertex is null ? $"BuildKit failed the build: {error}" : $"BuildKit failed the build at [{vertex.Name}] ({vertex.Digest}): {error}";
}
