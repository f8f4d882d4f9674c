namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>A parsed Dockerfile: its directives, the ARGs before the first FROM, and its stages in order.</summary>
public sealed record DockerfileDocument
{
    /// <summary>The name locations use (<c>Dockerfile</c>, or the path given with <c>-f</c>).</summary>
    public required string FileName { get; init; }

    public ParserDirectives Directives { get; init; } = ParserDirectives.Default;

    public IReadOnlyList<MetaArg> MetaArgs { get; init; } = [];

    public required IReadOnlyList<Stage> Stages { get; init; }

    /// <summary>What BuildKit would warn about while parsing.</summary>
    public IReadOnlyList<DockerfileWarning> Warnings { get; init; } = [];

    /// <summary>
    /// The stage a <c>--target</c> or <c>--from</c> names: its name (case-insensitive) or, when no stage has that name,
    /// its index; null when there is none.
    /// </summary>
    public Stage? FindStage(string nameOrIndex)
    {
        ArgumentNullException.ThrowIfNull(nameOrIndex);
        var byName = Stages.FirstOrDefault(stage => string.Equals(stage.Name, nameOrIndex, StringComparison.OrdinalIgnoreCase));
        if (byName is not null)
        {
            return byName;
        }

        return int.TryParse(nameOrIndex, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index < Stages.Count
            ? Stages[index]
            : null;
    }
}
