namespace ContainerBuild.Driver.BuildKit;

/// <summary>An exporter BuildKit runs after the solve, such as <c>image</c> with <c>name</c> and <c>push</c>, or dockerd's <c>moby</c>.</summary>
/// <param name="Type">The exporter type.</param>
/// <param name="Attributes">Its attributes, as BuildKit names them.</param>
public sealed record BuildKitExporter(string Type, IReadOnlyDictionary<string, string> Attributes);
