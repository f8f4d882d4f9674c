namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary><c>LABEL key=value ...</c> (or the legacy <c>LABEL key value</c>); keys and values raw, expanded by the converter.</summary>
public sealed record LabelInstruction : Instruction
{
    public override string Keyword => "LABEL";

    public required IReadOnlyList<KeyValueWord> Labels { get; init; }

    /// <summary>Written as <c>LABEL key value</c>.</summary>
    public bool LegacyForm { get; init; }
}
