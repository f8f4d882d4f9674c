namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>One <c>name[=default]</c> of an ARG; the default is a raw word (expanded by the converter), null when none is given.</summary>
public sealed record ArgDeclaration(string Name, string? DefaultValue);
