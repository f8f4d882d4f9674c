namespace ContainerBuild.Frontend.Dockerfile;

/// <summary>
/// The Dockerfile frontend (BuildKit's dockerfile2llb is the model): parse, typed instructions, convert, as separate
/// stages; it only produces states that marshal to a Definition.
/// </summary>
public static class DockerfileFrontend
{
    public static Task<DockerfileConvertResult> ConvertAsync(DockerfileConvertRequest request, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("Being written (issue 7).");
}
