namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>ENV key=value ...</c> or the legacy <c>ENV key value</c> (the value is then the rest of the line). Keys and
/// values are raw words; the converter expands each in order, later ones seeing earlier ones.
/// </summary>
public sealed record EnvInstruction : Instruction
{
    public override string Keyword => "ENV";

    public required IReadOnlyList<KeyValueWord> Variables { get; init; }

    /// <summary>Written as <c>ENV key value</c> (BuildKit's LegacyKeyValueFormat warning).</summary>
    public bool LegacyForm { get; init; }
}
