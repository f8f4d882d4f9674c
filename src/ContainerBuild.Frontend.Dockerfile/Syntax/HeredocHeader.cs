using System.Globalization;
using ContainerBuild.Frontend.Dockerfile.Expansion;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// A <c>[n]&lt;&lt;[-]WORD</c> on a RUN, COPY or ADD line, found as BuildKit finds it: the line is split into words with
/// quotes and escapes kept, and each word of the form <c>&lt;&lt;NAME</c> opens a heredoc. Quoting any part of the
/// name turns expansion of the body off.
/// </summary>
internal sealed record HeredocHeader(string Name, bool Expand, bool Chomp, int FileDescriptor)
{
    private static readonly ShellWordExpander LineLexer = new() { RawQuotes = true, RawEscapes = true, SkipUnsetVariables = true };
    private static readonly ShellWordExpander NameLexer = new() { SkipUnsetVariables = true };
    private static readonly ShellWordExpander RawNameLexer = new() { RawQuotes = true, SkipUnsetVariables = true };

    /// <summary>The heredocs a line opens, in order.</summary>
    public static List<HeredocHeader> FromLine(string line)
    {
        IReadOnlyList<string> words;
        try
        {
            words = LineLexer.ProcessWords(line, NoVariables);
        }
        catch (ShellExpansionException)
        {
            return [];
        }

        var headers = new List<HeredocHeader>();
        foreach (var word in words)
        {
            if (Parse(word) is { } header)
            {
                headers.Add(header);
            }
        }

        return headers;
    }

    /// <summary>The heredoc a word opens, or null when it is not <c>&lt;&lt;NAME</c>.</summary>
    public static HeredocHeader? Parse(string word)
    {
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            digits++;
        }

        if (string.CompareOrdinal(word, digits, "<<", 0, 2) != 0)
        {
            return null;
        }

        var position = digits + 2;
        var chomp = position < word.Length && word[position] == '-';
        if (chomp)
        {
            position++;
        }

        var rest = word[position..];
        if (rest.Length == 0 || rest.Contains('<', StringComparison.Ordinal))
        {
            return null;
        }

        IReadOnlyList<string> names;
        IReadOnlyList<string> rawNames;
        try
        {
            names = NameLexer.ProcessWords(rest, NoVariables);
            if (names.Count != 1)
            {
                return null;
            }

            rawNames = RawNameLexer.ProcessWords(rest, NoVariables);
        }
        catch (ShellExpansionException)
        {
            return null;
        }

        if (rawNames.Count != 1)
        {
            return null;
        }

        var fileDescriptor = digits == 0 || !int.TryParse(word.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var fd) ? 0 : fd;
        return new HeredocHeader(names[0], QuoteCount(names[0]) == QuoteCount(rawNames[0]), chomp, fileDescriptor);
    }

    private static string? NoVariables(string name) => null;

    private static int QuoteCount(string text) => text.Count(c => c is '\'' or '"');
}
