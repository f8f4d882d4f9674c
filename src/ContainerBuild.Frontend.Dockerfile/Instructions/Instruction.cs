namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// One parsed Dockerfile instruction (BuildKit's instructions.Command). Words that Docker expands with the stage's
/// ARGs and ENVs stay raw here (quotes and escapes included), because expansion needs the state the converter holds;
/// each property says whether it is expanded.
/// </summary>
public abstract record Instruction
{
    /// <summary>Where it was written.</summary>
    public required SourceRange Location { get; init; }

    /// <summary>The instruction's line as written, line continuations joined (heredoc bodies not included).</summary>
    public required string Original { get; init; }

    /// <summary>The instruction's name in upper case (<c>RUN</c>).</summary>
    public abstract string Keyword { get; }
}
