namespace ContainerBuild.Frontend.Dockerfile.Expansion;

/// <summary>
/// The result of expanding a word: the whole text as one word (<see cref="Word"/>), the same text split into words
/// (<see cref="Words"/>), and which variables were found and which were not (BuildKit warns about undefined ones).
/// </summary>
public sealed record ShellExpansion(
    string Word,
    IReadOnlyList<string> Words,
    IReadOnlySet<string> Matched,
    IReadOnlySet<string> Unmatched);
