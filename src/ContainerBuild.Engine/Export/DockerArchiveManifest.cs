using System.Text.Json.Serialization;

namespace ContainerBuild.Engine.Export;

/// <summary>One entry of a docker archive's <c>manifest.json</c>: paths inside the tar, and the tags to give the image.</summary>
internal sealed record DockerArchiveManifest(
    [property: JsonPropertyName("Config")] string Config,
    [property: JsonPropertyName("RepoTags")] IReadOnlyList<string> RepoTags,
    [property: JsonPropertyName("Layers")] IReadOnlyList<string> Layers);

[JsonSerializable(typeof(DockerArchiveManifest[]))]
internal sealed partial class DockerArchiveJson : JsonSerializerContext;
