namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>STOPSIGNAL signal</c>: raw (expanded by the converter).</summary>
public sealed record StopSignalInstruction : Instruction
{
    public override string Keyword => "STOPSIGNAL";

    public required string Signal { get; init; }
}
