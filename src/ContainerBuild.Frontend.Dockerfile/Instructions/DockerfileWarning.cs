namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>Something the parser accepted but BuildKit warns about (an empty continuation line, MAINTAINER, the legacy <c>ENV key value</c> form).</summary>
public sealed record DockerfileWarning(string Rule, string Message, SourceRange Location)
{
    /// <summary><c>Dockerfile:7: message</c>.</summary>
    public override string ToString() => Location + ": " + Message;
}
