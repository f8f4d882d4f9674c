namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>FROM [--platform=...] image [AS name]</c>. <see cref="BaseName"/> and <see cref="Platform"/> are raw words the
/// converter expands with the meta ARGs only; <see cref="StageName"/> is lower-cased and validated.
/// </summary>
public sealed record FromInstruction : Instruction
{
    public override string Keyword => "FROM";

    /// <summary>The image reference, <c>scratch</c>, or an earlier stage's name (raw).</summary>
    public required string BaseName { get; init; }

    /// <summary>The <c>AS</c> name in lower case, or null.</summary>
    public string? StageName { get; init; }

    /// <summary><c>--platform</c> (raw, e.g. <c>$BUILDPLATFORM</c>), or null.</summary>
    public string? Platform { get; init; }
}
