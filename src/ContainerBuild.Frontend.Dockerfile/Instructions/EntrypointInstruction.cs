namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>ENTRYPOINT</c> in shell or exec form (never expanded); it also clears an inherited CMD.</summary>
public sealed record EntrypointInstruction : Instruction
{
    public override string Keyword => "ENTRYPOINT";

    public required CommandLine Command { get; init; }
}
