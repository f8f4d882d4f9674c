using System.Text;
using ContainerBuild.Frontend.Dockerfile.Instructions;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// Reads a Dockerfile into <see cref="SyntaxNode"/>s as BuildKit's parser does: parser directives only before anything
/// else, whole-line comments, line continuations with the escape token (comment lines and empty lines inside a
/// continuation are skipped), heredoc bodies after RUN, COPY and ADD lines, and each instruction's own argument splitting.
/// </summary>
public static class DockerfileSyntax
{
    private static readonly Dictionary<string, Splitter> Splitters = new(StringComparer.Ordinal)
    {
        ["add"] = Splitter.JsonOrWhitespace,
        ["arg"] = Splitter.Words,
        ["cmd"] = Splitter.JsonOrText,
        ["copy"] = Splitter.JsonOrWhitespace,
        ["entrypoint"] = Splitter.JsonOrText,
        ["env"] = Splitter.NameValue,
        ["expose"] = Splitter.Whitespace,
        ["from"] = Splitter.Whitespace,
        ["healthcheck"] = Splitter.Healthcheck,
        ["label"] = Splitter.NameValue,
        ["maintainer"] = Splitter.Text,
        ["onbuild"] = Splitter.SubCommand,
        ["run"] = Splitter.JsonOrText,
        ["shell"] = Splitter.JsonOrText,
        ["stopsignal"] = Splitter.Text,
        ["user"] = Splitter.Text,
        ["volume"] = Splitter.JsonOrWhitespace,
        ["workdir"] = Splitter.Text,
    };

    private enum Splitter
    {
        None,
        JsonOrWhitespace,
        JsonOrText,
        Words,
        NameValue,
        Whitespace,
        Text,
        Healthcheck,
        SubCommand,
    }

    /// <summary>Reads <paramref name="text"/>; a syntax error throws <see cref="DockerfileParseException"/> with the line.</summary>
    public static SyntaxTree Parse(string text, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var lines = SplitLines(text);
        var directives = new DirectiveState(fileName);
        var nodes = new List<SyntaxNode>();
        var warnings = new List<DockerfileWarning>();
        var next = 0;
        var currentLine = 0;
        while (next < lines.Count)
        {
            var raw = lines[next++];
            if (currentLine == 0 && raw.StartsWith('\uFEFF'))
            {
                raw = raw[1..];
            }

            currentLine++;
            var first = ProcessLine(directives, raw, stripLeadingWhitespace: true, currentLine);
            var startLine = currentLine;
            var (line, complete) = TrimContinuation(first, directives.EscapeToken);
            if (complete && line.Length == 0)
            {
                continue;
            }

            var joined = new StringBuilder(line);
            var hasEmptyContinuationLine = false;
            while (!complete && next < lines.Count)
            {
                var continuation = lines[next++];
                currentLine++;
                var processed = ProcessLine(directives, continuation, stripLeadingWhitespace: false, currentLine);
                if (IsComment(continuation))
                {
                    continue;
                }

                if (processed.AsSpan().TrimStart().Length == 0)
                {
                    hasEmptyContinuationLine = true;
                    continue;
                }

                (processed, complete) = TrimContinuation(processed, directives.EscapeToken);
                joined.Append(processed);
            }

            var instructionLine = joined.ToString();
            var location = new SourceRange(fileName, startLine, currentLine);
            if (hasEmptyContinuationLine)
            {
                warnings.Add(new DockerfileWarning("NoEmptyContinuation", "Empty continuation line found in: " + instructionLine.Trim(), location));
            }

            var node = NewNode(instructionLine, directives.EscapeToken, location);
            if (CanContainHeredoc(node))
            {
                var heredocs = new List<Heredoc>();
                foreach (var header in HeredocHeader.FromLine(instructionLine))
                {
                    var content = new StringBuilder();
                    var terminated = false;
                    while (next < lines.Count)
                    {
                        var bodyLine = lines[next++];
                        currentLine++;
                        var candidate = bodyLine.TrimEnd('\r', '\n');
                        if (header.Chomp)
                        {
                            candidate = candidate.TrimStart('\t');
                        }

                        if (candidate == header.Name)
                        {
                            terminated = true;
                            break;
                        }

                        content.Append(bodyLine);
                    }

                    if (!terminated)
                    {
                        throw new DockerfileParseException(new SourceRange(fileName, startLine, currentLine), $"unterminated heredoc {header.Name}");
                    }

                    heredocs.Add(new Heredoc(header.Name, content.ToString(), header.Expand, header.Chomp) { FileDescriptor = header.FileDescriptor });
                }

                node = node with { Heredocs = heredocs, Location = new SourceRange(fileName, startLine, currentLine) };
            }

            nodes.Add(node);
        }

        return new SyntaxTree(fileName, directives.ToDirectives(), nodes, warnings);
    }

    // Lines with their line endings, as BuildKit's scanner keeps them for heredoc bodies.
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    private static string ProcessLine(DirectiveState directives, string raw, bool stripLeadingWhitespace, int lineNumber)
    {
        var token = raw.TrimEnd('\r', '\n');
        if (stripLeadingWhitespace)
        {
            token = token.TrimStart();
        }

        directives.Observe(token, lineNumber);
        return token.StartsWith('#') ? string.Empty : token;
    }

    private static bool IsComment(string raw) => raw.TrimEnd('\r', '\n').TrimStart().StartsWith('#');

    // A line ends in a continuation when its last non-blank character is an escape token that is not itself escaped.
    private static (string Line, bool Complete) TrimContinuation(string line, char escapeToken)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end == 0 || line[end - 1] != escapeToken)
        {
            return (line, true);
        }

        if (end == 1)
        {
            return (string.Empty, false);
        }

        return line[end - 2] == escapeToken ? (line, true) : (line[..(end - 1)], false);
    }

    private static bool CanContainHeredoc(SyntaxNode node)
    {
        if (node.Name == "onbuild" && node.Trigger is not null)
        {
            node = node.Trigger;
        }

        return node.Name is "run" or "copy" or "add" && !node.IsJson;
    }

    internal static SyntaxNode NewNode(string line, char escapeToken, SourceRange location)
    {
        var trimmed = line.Trim();
        var split = 0;
        while (split < trimmed.Length && !IsSeparator(trimmed[split]))
        {
            split++;
        }

        var keyword = trimmed[..split];
        var flags = new List<string>();
        var rest = string.Empty;
        if (split < trimmed.Length)
        {
            var afterKeyword = split;
            while (afterKeyword < trimmed.Length && IsSeparator(trimmed[afterKeyword]))
            {
                afterKeyword++;
            }

            (flags, rest) = FlagExtractor.Extract(trimmed[afterKeyword..]);
            rest = rest.Trim();
        }

        var node = new SyntaxNode { Keyword = keyword, Original = line, Location = location, Flags = flags };
        try
        {
            return Split(node, rest, escapeToken);
        }
        catch (FormatException e)
        {
            throw new DockerfileParseException(location, e.Message);
        }
    }

    // Go's reWhitespace: the separators between a keyword and its arguments, and between whitespace-split words.
    private static bool IsSeparator(char ch) => ch is ' ' or '\t' or '\v' or '\f' or '\r';

    private static SyntaxNode Split(SyntaxNode node, string rest, char escapeToken)
    {
        var splitter = Splitters.GetValueOrDefault(node.Name, Splitter.None);
        switch (splitter)
        {
            case Splitter.JsonOrWhitespace:
                return JsonOr(node, rest, () => SplitWhitespace(rest));
            case Splitter.JsonOrText:
                return JsonOr(node, rest, () => rest.Length == 0 ? [] : [rest]);
            case Splitter.Words:
                return node with { Arguments = WordSplitter.Split(rest, escapeToken) };
            case Splitter.NameValue:
                return SplitNameValue(node, rest, escapeToken);
            case Splitter.Whitespace:
                return node with { Arguments = SplitWhitespace(rest) };
            case Splitter.Text:
                return node with { Arguments = rest.Length == 0 ? [] : [rest] };
            case Splitter.Healthcheck:
                return SplitHealthcheck(node, rest);
            case Splitter.SubCommand:
                if (rest.Length == 0)
                {
                    return node;
                }

                // A trigger's own ONBUILD is an error later; not splitting it keeps ONBUILD ONBUILD ... from recursing.
                var trigger = IsOnbuild(rest)
                    ? new SyntaxNode { Keyword = rest[..7], Original = rest, Location = node.Location }
                    : NewNode(rest, escapeToken, node.Location);
                return node with { Trigger = trigger, Arguments = [trigger.Keyword, .. trigger.Arguments] };
            default:
                return node;
        }
    }

    private static bool IsOnbuild(string line) =>
        line.StartsWith("onbuild", StringComparison.OrdinalIgnoreCase) && (line.Length == 7 || IsSeparator(line[7]));

    private static SyntaxNode JsonOr(SyntaxNode node, string rest, Func<List<string>> otherwise) =>
        JsonArgs.TryParse(rest, out var values) switch
        {
            JsonArgs.Outcome.Strings => node with { Arguments = values, IsJson = true },
            JsonArgs.Outcome.NotStrings => throw new FormatException(JsonArgs.NotStringArray),
            _ => node with { Arguments = otherwise() },
        };

    private static List<string> SplitWhitespace(string rest) =>
        [.. rest.Split([' ', '\t', '\v', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries)];

    private static SyntaxNode SplitNameValue(SyntaxNode node, string rest, char escapeToken)
    {
        var words = WordSplitter.Split(rest, escapeToken);
        if (words.Count == 0)
        {
            return node;
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var split = 0;
            while (split < rest.Length && !IsSeparator(rest[split]))
            {
                split++;
            }

            var valueStart = split;
            while (valueStart < rest.Length && IsSeparator(rest[valueStart]))
            {
                valueStart++;
            }

            if (split == rest.Length)
            {
                throw new FormatException($"{node.Name.ToUpperInvariant()} must have two arguments");
            }

            return node with { Arguments = [rest[..split], rest[valueStart..]], IsLegacyKeyValue = true };
        }

        var arguments = new List<string>();
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new FormatException($"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            }

            arguments.Add(word[..equals]);
            arguments.Add(word[(equals + 1)..]);
        }

        return node with { Arguments = arguments };
    }

    private static SyntaxNode SplitHealthcheck(SyntaxNode node, string rest)
    {
        var separator = 0;
        while (separator < rest.Length && !char.IsWhiteSpace(rest[separator]))
        {
            separator++;
        }

        if (separator == 0)
        {
            return node;
        }

        var type = rest[..separator];
        var command = rest[separator..].TrimStart();
        var withCommand = JsonOr(node, command, () => command.Length == 0 ? [] : [command]);
        return withCommand with { Arguments = [type, .. withCommand.Arguments] };
    }

    // The parser directives: recognised only while every line so far has been one.
    private sealed class DirectiveState(string fileName)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private bool _done;
        private string? _syntax;
        private string? _check;

        public char EscapeToken { get; private set; } = '\\';

        public void Observe(string line, int lineNumber)
        {
            if (_done)
            {
                return;
            }

            if (ParseDirective(line) is not { } directive || directive.Name is not ("escape" or "syntax" or "check"))
            {
                _done = true;
                return;
            }

            var (name, value) = directive;
            var location = SourceRange.Line(fileName, lineNumber);
            if (!_seen.Add(name))
            {
                throw new DockerfileParseException(location, $"only one {name} parser directive can be used");
            }

            switch (name)
            {
                case "escape":
                    EscapeToken = value switch
                    {
                        "\\" => '\\',
                        "`" => '`',
                        _ => throw new DockerfileParseException(location, $"invalid escape token '{value}' does not match ` or \\"),
                    };
                    break;
                case "syntax":
                    _syntax = value;
                    break;
                default:
                    _check = value;
                    break;
            }
        }

        public ParserDirectives ToDirectives() => new(_syntax, EscapeToken, _check);

        // BuildKit's ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$ by hand (linear on any line): the name lower-cased, the value trimmed.
        private static (string Name, string Value)? ParseDirective(string line)
        {
            if (!line.StartsWith('#'))
            {
                return null;
            }

            var i = SkipSpace(line, 1);
            var nameStart = i;
            if (i >= line.Length || !char.IsAsciiLetter(line[i]))
            {
                return null;
            }

            while (i < line.Length && char.IsAsciiLetterOrDigit(line[i]))
            {
                i++;
            }

            var name = line[nameStart..i].ToLowerInvariant();
            i = SkipSpace(line, i);
            if (i >= line.Length || line[i] != '=')
            {
                return null;
            }

            var afterEquals = i + 1;
            var valueStart = SkipSpace(line, afterEquals);
            if (valueStart == line.Length)
            {
                // Only blanks after '=': the lazy value takes the last one, as the regular expression does.
                return afterEquals == line.Length ? null : (name, line[^1..]);
            }

            var valueEnd = line.Length;
            while (valueEnd > valueStart && IsSpace(line[valueEnd - 1]))
            {
                valueEnd--;
            }

            return (name, line[valueStart..valueEnd]);
        }

        private static int SkipSpace(string line, int i)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }

            return i;
        }

        // Go's \s.
        private static bool IsSpace(char ch) => ch is ' ' or '\t' or '\n' or '\f' or '\r';
    }
}
