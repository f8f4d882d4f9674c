namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// A build stage: a FROM and the instructions up to the next FROM. <see cref="BaseName"/> and <see cref="Platform"/> are
/// raw words expanded with the meta ARGs; <see cref="Name"/> is lower case (stage references are case-insensitive).
/// </summary>
public sealed record Stage
{
    /// <summary>The stage's position, from 0 (<c>COPY --from=0</c>).</summary>
    public required int Index { get; init; }

    public required FromInstruction From { get; init; }

    public required IReadOnlyList<Instruction> Commands { get; init; }

    /// <summary>The <c>AS</c> name, or null.</summary>
    public string? Name => From.StageName;

    /// <summary>The image, <c>scratch</c> or stage name after FROM, raw.</summary>
    public string BaseName => From.BaseName;

    /// <summary><c>--platform</c>, raw, or null.</summary>
    public string? Platform => From.Platform;

    /// <summary>The FROM line's location.</summary>
    public SourceRange Location => From.Location;
}
