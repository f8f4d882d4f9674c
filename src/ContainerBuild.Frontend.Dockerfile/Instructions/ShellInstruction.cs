namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>SHELL ["executable", "parameters"]</c> (JSON form only): the shell that shell-form commands run in.</summary>
public sealed record ShellInstruction : Instruction
{
    public override string Keyword => "SHELL";

    public required IReadOnlyList<string> Shell { get; init; }
}
