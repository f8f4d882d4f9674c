namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// An ARG declared before the first FROM: usable in FROM lines (base name, <c>--platform</c>) and, re-declared inside a
/// stage without a value, in that stage. The name and the default are raw words, expanded in order with the earlier meta args.
/// </summary>
public sealed record MetaArg(string Name, string? DefaultValue, SourceRange Location);
