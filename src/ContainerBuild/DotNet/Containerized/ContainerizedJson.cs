using System.Text.Json.Serialization;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>JSON arrays of the Dockerfile's exec forms, without escaping what a Dockerfile reads as it is.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class ContainerizedJson : JsonSerializerContext;
