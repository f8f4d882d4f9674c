using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// One instruction line as the first stage reads it (BuildKit's parser.Node): the keyword as written, the leading
/// flags, the arguments split the way that instruction splits them, whether they were a JSON array, and the heredoc
/// bodies that followed the line. ONBUILD holds its trigger as a child node.
/// </summary>
public sealed record SyntaxNode
{
    /// <summary>The instruction word as written (<c>run</c>, <c>RUN</c>).</summary>
    public required string Keyword { get; init; }

    /// <summary>The line with continuations joined.</summary>
    public required string Original { get; init; }

    public required SourceRange Location { get; init; }

    /// <summary>The leading <c>--name[=value]</c> words, quotes removed.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>The arguments after the flags, split as this instruction splits them (ENV/LABEL: key, value, key, value...).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The arguments were a JSON array (exec form).</summary>
    public bool IsJson { get; init; }

    /// <summary>ENV or LABEL written as <c>key value</c>.</summary>
    public bool IsLegacyKeyValue { get; init; }

    /// <summary>The trigger of an ONBUILD.</summary>
    public SyntaxNode? Trigger { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>The keyword in lower case.</summary>
    public string Name => Keyword.ToLowerInvariant();
}
