namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>MAINTAINER text</c> (deprecated): the rest of the line, raw; BuildKit turns it into the <c>author</c> field.</summary>
public sealed record MaintainerInstruction : Instruction
{
    public override string Keyword => "MAINTAINER";

    public required string Maintainer { get; init; }
}
