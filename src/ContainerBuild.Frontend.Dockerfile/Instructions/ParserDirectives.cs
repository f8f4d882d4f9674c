namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// The parser directives at the top of a Dockerfile (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>). The syntax is
/// noted, never fetched; the check value is kept as written (<c>skip=JSONArgsRecommended;error=true</c>).
/// </summary>
public sealed record ParserDirectives(string? Syntax, char EscapeToken, string? Check)
{
    /// <summary>No directives: the escape token is a backslash.</summary>
    public static ParserDirectives Default { get; } = new(null, '\\', null);
}
