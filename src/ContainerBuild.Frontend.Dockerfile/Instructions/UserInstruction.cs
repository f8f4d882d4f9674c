namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>USER user[:group]</c>: the rest of the line, raw (expanded by the converter).</summary>
public sealed record UserInstruction : Instruction
{
    public override string Keyword => "USER";

    public required string User { get; init; }
}
