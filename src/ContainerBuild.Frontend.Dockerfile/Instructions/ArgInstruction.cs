namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>ARG name[=default] ...</c>: one or more declarations (names and defaults expanded by the converter).</summary>
public sealed record ArgInstruction : Instruction
{
    public override string Keyword => "ARG";

    public required IReadOnlyList<ArgDeclaration> Arguments { get; init; }
}
