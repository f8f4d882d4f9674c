namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>EXPOSE port[/proto] ...</c>: raw words in the order written (each expanded by the converter, then split into ports).</summary>
public sealed record ExposeInstruction : Instruction
{
    public override string Keyword => "EXPOSE";

    public required IReadOnlyList<string> Ports { get; init; }
}
