namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>WORKDIR path</c>: the rest of the line, raw (expanded by the converter; relative paths join the previous one).</summary>
public sealed record WorkdirInstruction : Instruction
{
    public override string Keyword => "WORKDIR";

    public required string Path { get; init; }
}
