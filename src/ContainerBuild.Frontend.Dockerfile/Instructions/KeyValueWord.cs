namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>A <c>key=value</c> of ENV or LABEL, both raw words (quotes kept; the converter expands both).</summary>
public sealed record KeyValueWord(string Key, string Value);
