using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>COPY and ADD as one thing to convert (BuildKit's copyConfig): ADD adds URLs, unpacking and checksums; COPY adds <c>--from</c> and <c>--parents</c>.</summary>
internal sealed record CopyCommand
{
    public required Instruction Instruction { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }

    public required IReadOnlyList<Heredoc> Heredocs { get; init; }

    public required string Destination { get; init; }

    public string? From { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    public bool Parents { get; init; }

    public bool IsAdd { get; init; }

    public string? Checksum { get; init; }

    public bool? Unpack { get; init; }

    public bool? KeepGitDir { get; init; }

    public static CopyCommand Of(CopyInstruction copy) => new()
    {
        Instruction = copy,
        Sources = copy.Sources,
        Heredocs = copy.SourceHeredocs,
        Destination = copy.Destination,
        From = copy.From,
        Chown = copy.Chown,
        Chmod = copy.Chmod,
        Link = copy.Link,
        Excludes = copy.Excludes,
        Parents = copy.Parents,
    };

    public static CopyCommand Of(AddInstruction add) => new()
    {
        Instruction = add,
        Sources = add.Sources,
        Heredocs = add.SourceHeredocs,
        Destination = add.Destination,
        Chown = add.Chown,
        Chmod = add.Chmod,
        Link = add.Link,
        Excludes = add.Excludes,
        IsAdd = true,
        Checksum = add.Checksum,
        Unpack = add.Unpack,
        KeepGitDir = add.KeepGitDir,
    };
}
