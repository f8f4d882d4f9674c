namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>COPY [--from=...] [--chown=...] [--chmod=...] [--link] [--exclude=...]... [--parents] src... dest</c>.
/// Sources, destination, <c>--from</c>, <c>--chown</c>, <c>--chmod</c> and excludes are raw words the converter expands;
/// heredoc sources (<c>COPY &lt;&lt;EOF /file</c>) are in <see cref="SourceHeredocs"/>.
/// </summary>
public sealed record CopyInstruction : Instruction
{
    public override string Keyword => "COPY";

    /// <summary>Source paths (or patterns) in the context or the <c>--from</c> stage/image, raw.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Inline file sources; each is written to the destination under its name.</summary>
    public IReadOnlyList<Heredoc> SourceHeredocs { get; init; } = [];

    public required string Destination { get; init; }

    /// <summary><c>--from</c>: a stage name, stage index, image reference or named context; null for the build context.</summary>
    public string? From { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    /// <summary><c>--exclude</c> patterns, in order (the flag repeats).</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary><c>--parents</c>: keep the sources' parent directories under the destination.</summary>
    public bool Parents { get; init; }
}
