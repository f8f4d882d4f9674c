namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>VOLUME path ...</c> or <c>VOLUME ["path", ...]</c>: raw, each expanded by the converter.</summary>
public sealed record VolumeInstruction : Instruction
{
    public override string Keyword => "VOLUME";

    public required IReadOnlyList<string> Volumes { get; init; }
}
