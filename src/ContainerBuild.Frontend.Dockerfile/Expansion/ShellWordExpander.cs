using System.Text;

namespace ContainerBuild.Frontend.Dockerfile.Expansion;

/// <summary>
/// Expands Dockerfile words as BuildKit's shell lexer does (not a shell: no command substitution, no globbing):
/// <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:+alt}</c>, <c>${VAR+alt}</c>,
/// <c>${VAR:?message}</c>, <c>${VAR?message}</c>, <c>${VAR#pattern}</c>, <c>${VAR##pattern}</c>, <c>${VAR%pattern}</c>,
/// <c>${VAR%%pattern}</c>, <c>${VAR/pattern/replacement}</c>, <c>${VAR//pattern/replacement}</c>; single quotes are
/// literal, double quotes expand variables and let the escape token escape <c>"</c>, <c>$</c> and itself; outside quotes the
/// escape token escapes any character. <see cref="ProcessWords"/> also splits on unquoted whitespace, where expanded
/// values split too.
/// </summary>
public sealed class ShellWordExpander
{
    /// <summary>An expander with the backslash escape token.</summary>
    public static ShellWordExpander Default { get; } = new();

    public ShellWordExpander(char escapeToken = '\\')
    {
        if (escapeToken is not ('\\' or '`'))
        {
            throw new ArgumentOutOfRangeException(nameof(escapeToken), escapeToken, "The escape token is \\ or `.");
        }

        EscapeToken = escapeToken;
    }

    /// <summary>The Dockerfile's escape token (<c>\</c> or, with <c># escape=`</c>, a backtick).</summary>
    public char EscapeToken { get; }

    /// <summary>Keep quote characters in the result (used to find heredoc delimiters).</summary>
    public bool RawQuotes { get; init; }

    /// <summary>Keep escape tokens in the result.</summary>
    public bool RawEscapes { get; init; }

    /// <summary>Leave references to unset variables as written instead of expanding them to nothing.</summary>
    public bool SkipUnsetVariables { get; init; }

    /// <summary>The word with variables expanded and quotes removed; whitespace is kept.</summary>
    public string ProcessWord(string word, Func<string, string?> lookup) => Process(word, lookup).Word;

    /// <summary>The text expanded and split into words on unquoted whitespace.</summary>
    public IReadOnlyList<string> ProcessWords(string text, Func<string, string?> lookup) => Process(text, lookup).Words;

    /// <summary>Expands <paramref name="text"/>; <paramref name="lookup"/> returns a variable's value or null when it is unset.</summary>
    public ShellExpansion Process(string text, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        var lexer = new Lexer(this, text, lookup);
        try
        {
            var (word, words) = lexer.ProcessStopOn(Lexer.End, RawEscapes);
            return new ShellExpansion(word, words, lexer.Matched, lexer.Unmatched);
        }
        catch (ExpansionError e)
        {
            throw new ShellExpansionException(text, e.Message);
        }
    }

    private sealed class ExpansionError(string message) : Exception(message);

    // Collects the split words while the whole text is built beside it.
    private sealed class WordsBuilder
    {
        private readonly List<string> _words = [];
        private readonly StringBuilder _word = new();
        private bool _inWord;

        public void AddChar(char ch)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (_inWord && _word.Length > 0)
                {
                    _words.Add(_word.ToString());
                    _word.Clear();
                    _inWord = false;
                }
            }
            else
            {
                AddRawChar(ch);
            }
        }

        public void AddRawChar(char ch)
        {
            _word.Append(ch);
            _inWord = true;
        }

        public void AddString(string text)
        {
            foreach (var ch in text)
            {
                AddChar(ch);
            }
        }

        public void AddRawString(string text)
        {
            _word.Append(text);
            _inWord = true;
        }

        public List<string> GetWords()
        {
            if (_word.Length > 0)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }

            return _words;
        }
    }

    private sealed class Lexer(ShellWordExpander options, string source, Func<string, string?> lookup)
    {
        public const int End = -1;

        // Deeper nesting than any real Dockerfile has; it keeps hostile input from exhausting the stack.
        private const int MaxDepth = 64;

        private int _position;
        private int _depth;

        public HashSet<string> Matched { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Unmatched { get; } = new(StringComparer.Ordinal);

        private int Peek() => _position < source.Length ? source[_position] : End;

        private int Next() => _position < source.Length ? source[_position++] : End;

        public (string Word, List<string> Words) ProcessStopOn(int stopChar, bool rawEscapes)
        {
            if (++_depth > MaxDepth)
            {
                throw new ExpansionError("too many nested substitutions");
            }

            var result = new StringBuilder();
            var words = new WordsBuilder();
            while (Peek() != End)
            {
                var ch = Peek();
                if (stopChar != End && ch == stopChar)
                {
                    Next();
                    _depth--;
                    return (result.ToString(), words.GetWords());
                }

                if (ch is '\'' or '"' or '$')
                {
                    var part = ch switch
                    {
                        '\'' => ProcessSingleQuote(),
                        '"' => ProcessDoubleQuote(),
                        _ => ProcessDollar(),
                    };
                    result.Append(part);
                    if (ch == '$')
                    {
                        words.AddString(part);
                    }
                    else
                    {
                        words.AddRawString(part);
                    }

                    continue;
                }

                ch = Next();
                if (ch == options.EscapeToken)
                {
                    if (rawEscapes)
                    {
                        words.AddRawChar((char)ch);
                        result.Append((char)ch);
                    }

                    // The escape token escapes the next character; at the end it is dropped.
                    ch = Next();
                    if (ch == End)
                    {
                        break;
                    }

                    words.AddRawChar((char)ch);
                }
                else
                {
                    words.AddChar((char)ch);
                }

                result.Append((char)ch);
            }

            if (stopChar != End)
            {
                throw new ExpansionError($"unexpected end of statement while looking for matching {(char)stopChar}");
            }

            _depth--;
            return (result.ToString(), words.GetWords());
        }

        private string ProcessSingleQuote()
        {
            var result = new StringBuilder();
            var ch = Next();
            if (options.RawQuotes)
            {
                result.Append((char)ch);
            }

            while (true)
            {
                ch = Next();
                if (ch == End)
                {
                    throw new ExpansionError("unexpected end of statement while looking for matching single-quote");
                }

                if (ch == '\'')
                {
                    if (options.RawQuotes)
                    {
                        result.Append((char)ch);
                    }

                    return result.ToString();
                }

                result.Append((char)ch);
            }
        }

        private string ProcessDoubleQuote()
        {
            var result = new StringBuilder();
            var ch = Next();
            if (options.RawQuotes)
            {
                result.Append((char)ch);
            }

            while (true)
            {
                switch (Peek())
                {
                    case End:
                        throw new ExpansionError("unexpected end of statement while looking for matching double-quote");
                    case '"':
                        ch = Next();
                        if (options.RawQuotes)
                        {
                            result.Append((char)ch);
                        }

                        return result.ToString();
                    case '$':
                        result.Append(ProcessDollar());
                        break;
                    default:
                        ch = Next();
                        if (ch == options.EscapeToken)
                        {
                            if (options.RawEscapes)
                            {
                                result.Append((char)ch);
                            }

                            var escaped = Peek();
                            if (escaped == End)
                            {
                                // An escape token before the end stays out; the missing quote is reported next.
                                continue;
                            }

                            if (escaped == '"' || escaped == '$' || escaped == options.EscapeToken)
                            {
                                ch = Next();
                            }
                        }

                        result.Append((char)ch);
                        break;
                }
            }
        }

        private string ProcessDollar()
        {
            Next();
            if (Peek() != '{')
            {
                var plainName = ProcessName();
                if (plainName.Length == 0)
                {
                    return "$";
                }

                var (plainValue, plainSet) = GetVariable(plainName);
                return !plainSet && options.SkipUnsetVariables ? "$" + plainName : plainValue;
            }

            Next();
            switch (Peek())
            {
                case End:
                    throw new ExpansionError("syntax error: missing '}'");
                case '{' or '}' or ':':
                    throw new ExpansionError("syntax error: bad substitution");
            }

            var name = ProcessName();
            var modifier = Next();
            switch (modifier)
            {
                case End:
                    throw new ExpansionError("syntax error: missing '}'");
                case '}':
                {
                    var (value, set) = GetVariable(name);
                    return !set && options.SkipUnsetVariables ? "${" + name + "}" : value;
                }

                case ':' or '+' or '-' or '?' or '#' or '%':
                    return ProcessModifier(name, modifier);
                case '/':
                    return ProcessReplacement(name);
                default:
                    throw new ExpansionError($"unsupported modifier ({(char)modifier}) in substitution");
            }
        }

        private string ProcessModifier(string name, int first)
        {
            var modifierText = ((char)first).ToString();
            var nullIsUnset = false;
            var modifier = first;
            if (first == ':')
            {
                nullIsUnset = true;
                modifier = Next();
                if (modifier == End)
                {
                    throw new ExpansionError("syntax error: missing '}'");
                }

                modifierText += (char)modifier;
            }

            var isPattern = modifier is '#' or '%';
            if (nullIsUnset && isPattern)
            {
                throw new ExpansionError($"unsupported modifier ({modifierText}) in substitution");
            }

            var (word, _) = ProcessEnclosed('}', isPattern, "syntax error: missing '}'");
            var (value, set) = GetVariable(name);
            if (!set && options.SkipUnsetVariables)
            {
                return "${" + name + modifierText + word + "}";
            }

            var unsetOrNull = !set || (nullIsUnset && value.Length == 0);
            switch (modifier)
            {
                case '-':
                    return unsetOrNull ? word : value;
                case '+':
                    return unsetOrNull ? string.Empty : word;
                case '?':
                    if (!set)
                    {
                        throw new ExpansionError($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                    }

                    if (nullIsUnset && value.Length == 0)
                    {
                        throw new ExpansionError($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                    }

                    return value;
                case '#' or '%':
                    var longest = word.Length > 0 && word[0] == modifier;
                    var pattern = ShellPattern.Parse(longest ? word[1..] : word);
                    return modifier == '#' ? pattern.TrimPrefix(value, longest) : pattern.TrimSuffix(value, longest);
                default:
                    throw new ExpansionError($"unsupported modifier ({modifierText}) in substitution");
            }
        }

        private string ProcessReplacement(string name)
        {
            var replaceAll = Peek() == '/';
            if (replaceAll)
            {
                Next();
            }

            var (pattern, _) = ProcessEnclosed('/', rawEscapes: true, "syntax error: missing '/' in ${}");
            var (replacement, _) = ProcessEnclosed('}', rawEscapes: true, "syntax error: missing '}'");
            var (value, set) = GetVariable(name);
            if (!set && options.SkipUnsetVariables)
            {
                return "${" + name + "/" + (replaceAll ? "/" : string.Empty) + pattern + "/" + replacement + "}";
            }

            return ShellPattern.Parse(pattern).Replace(value, replacement, replaceAll);
        }

        private (string Word, List<string> Words) ProcessEnclosed(int stopChar, bool rawEscapes, string missingMessage)
        {
            try
            {
                return ProcessStopOn(stopChar, rawEscapes);
            }
            catch (ExpansionError) when (Peek() == End)
            {
                throw new ExpansionError(missingMessage);
            }
        }

        // A name: letters, digits and '_'; or a run of digits; or one special parameter character.
        private string ProcessName()
        {
            var name = new StringBuilder();
            while (Peek() != End)
            {
                var ch = (char)Peek();
                if (name.Length == 0 && char.IsDigit(ch))
                {
                    while (Peek() != End && char.IsDigit((char)Peek()))
                    {
                        name.Append((char)Next());
                    }

                    return name.ToString();
                }

                if (name.Length == 0 && ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
                {
                    Next();
                    return ch.ToString();
                }

                if (!char.IsLetterOrDigit(ch) && ch != '_')
                {
                    break;
                }

                name.Append((char)Next());
            }

            return name.ToString();
        }

        private (string Value, bool Set) GetVariable(string name)
        {
            var value = lookup(name);
            if (value is not null)
            {
                Matched.Add(name);
                return (value, true);
            }

            Unmatched.Add(name);
            return (string.Empty, false);
        }
    }
}
