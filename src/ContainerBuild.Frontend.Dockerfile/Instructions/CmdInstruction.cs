namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>CMD</c> in shell or exec form (never expanded).</summary>
public sealed record CmdInstruction : Instruction
{
    public override string Keyword => "CMD";

    public required CommandLine Command { get; init; }
}
