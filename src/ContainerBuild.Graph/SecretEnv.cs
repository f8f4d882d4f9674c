namespace ContainerBuild.Graph;

/// <summary>
/// A secret a RUN sees as an environment variable (<c>--mount=type=secret,id=ID,env=NAME</c>). Only the id and the
/// name enter the Definition; the bytes come from the build's secrets when the command runs.
/// </summary>
public sealed record SecretEnv(string Name, string Id)
{
    /// <summary>A missing secret leaves the variable unset instead of failing the run.</summary>
    public bool Optional { get; init; }
}
