namespace ContainerBuild.Driver.BuildKit;

/// <summary>What a finished solve left: the exporter's answer and every vertex as last reported.</summary>
/// <param name="Reference">The job reference.</param>
/// <param name="ExporterResponse">The exporter's response, such as <c>containerimage.digest</c>; empty without an exporter.</param>
/// <param name="Vertexes">Each vertex the status stream named, in first-seen order, with its latest state.</param>
public sealed record BuildKitSolveResult(
    string Reference,
    IReadOnlyDictionary<string, string> ExporterResponse,
    IReadOnlyList<BuildKitVertex> Vertexes);
