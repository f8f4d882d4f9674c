namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// <c>RUN [--mount=...] [--network=...] [--security=...] command</c>. The command is never expanded by the frontend
/// (the shell expands it, with the stage's ENV and ARGs in its environment). <see cref="Heredocs"/> are the bodies of
/// the <c>&lt;&lt;EOF</c> words on the line, in order.
/// </summary>
public sealed record RunInstruction : Instruction
{
    public override string Keyword => "RUN";

    public required CommandLine Command { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>The <c>--mount</c>s, parsed without expansion; <see cref="MountSpec.Expand"/> gives their final values.</summary>
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    /// <summary><c>--network</c>, null when not given.</summary>
    public RunNetwork? Network { get; init; }

    /// <summary><c>--security</c>, null when not given.</summary>
    public RunSecurity? Security { get; init; }

    /// <summary>The mounts with every value expanded (BuildKit expands each <c>--mount</c> value, never <c>from</c>).</summary>
    public IReadOnlyList<MountSpec> ExpandMounts(Func<string, string> expandWord) =>
        [.. Mounts.Select(mount => mount.Expand(expandWord, Location))];
}
