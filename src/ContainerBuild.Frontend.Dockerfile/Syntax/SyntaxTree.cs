using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>A Dockerfile read into lines of instructions, before they are typed: directives, nodes in order, and warnings.</summary>
public sealed record SyntaxTree(string FileName, ParserDirectives Directives, IReadOnlyList<SyntaxNode> Nodes, IReadOnlyList<DockerfileWarning> Warnings);
