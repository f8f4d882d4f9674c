namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>ADD [--chown=...] [--chmod=...] [--link] [--exclude=...]... [--checksum=...] [--keep-git-dir] [--unpack] src... dest</c>:
/// like COPY from the context, plus URLs, git repositories and local tar archives (extracted). Words are raw, as in COPY.
/// </summary>
public sealed record AddInstruction : Instruction
{
    public override string Keyword => "ADD";

    /// <summary>Source paths, URLs or git references, raw.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public IReadOnlyList<Heredoc> SourceHeredocs { get; init; } = [];

    public required string Destination { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    /// <summary><c>--checksum</c> of a URL source (<c>sha256:...</c>), raw; null when not given.</summary>
    public string? Checksum { get; init; }

    /// <summary><c>--keep-git-dir</c>, null when not given.</summary>
    public bool? KeepGitDir { get; init; }

    /// <summary><c>--unpack</c>, null when not given (local archives unpack, URLs do not).</summary>
    public bool? Unpack { get; init; }
}
