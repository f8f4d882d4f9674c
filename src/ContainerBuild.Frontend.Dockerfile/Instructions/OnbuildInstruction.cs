namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>ONBUILD instruction</c>: a trigger stored in the image config (<see cref="Expression"/>, heredoc bodies appended as
/// BuildKit does) and run when a later build uses the image as its base. <see cref="Trigger"/> is the same text parsed.
/// </summary>
public sealed record OnbuildInstruction : Instruction
{
    public override string Keyword => "ONBUILD";

    /// <summary>The trigger's text as stored in <c>OnBuild</c> (<c>RUN echo hi</c>).</summary>
    public required string Expression { get; init; }

    public required Instruction Trigger { get; init; }
}
