namespace ContainerBuild.Frontend.Dockerfile.Expansion;

/// <summary>
/// A shell pattern of <c>${VAR#pattern}</c>, <c>${VAR%pattern}</c> and <c>${VAR/pattern/...}</c>: <c>*</c> any run,
/// <c>?</c> one character, <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c> or <c>[^x]</c> one of a set, <c>\x</c> a literal x.
/// </summary>
internal sealed class ShellPattern
{
    private readonly Token[] _tokens;

    private ShellPattern(Token[] tokens)
    {
        _tokens = tokens;
    }

    private enum Kind
    {
        Literal,
        AnyOne,
        AnyRun,
        Set,
    }

    public static ShellPattern Parse(string pattern)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1].Kind != Kind.AnyRun)
                    {
                        tokens.Add(new Token(Kind.AnyRun, default, null, false));
                    }

                    break;
                case '?':
                    tokens.Add(new Token(Kind.AnyOne, default, null, false));
                    break;
                case '\\' when i + 1 < pattern.Length:
                    tokens.Add(new Token(Kind.Literal, pattern[++i], null, false));
                    break;
                case '[':
                    var end = ParseSet(pattern, i, out var set);
                    if (end < 0)
                    {
                        tokens.Add(new Token(Kind.Literal, ch, null, false));
                    }
                    else
                    {
                        tokens.Add(set);
                        i = end;
                    }

                    break;
                default:
                    tokens.Add(new Token(Kind.Literal, ch, null, false));
                    break;
            }
        }

        return new ShellPattern([.. tokens]);
    }

    /// <summary>The value without its shortest (or longest) prefix that matches.</summary>
    public string TrimPrefix(string value, bool longest)
    {
        for (var i = 0; i <= value.Length; i++)
        {
            var length = longest ? value.Length - i : i;
            if (Matches(value.AsSpan(0, length)))
            {
                return value[length..];
            }
        }

        return value;
    }

    /// <summary>The value without its shortest (or longest) suffix that matches.</summary>
    public string TrimSuffix(string value, bool longest)
    {
        for (var i = 0; i <= value.Length; i++)
        {
            var start = longest ? i : value.Length - i;
            if (Matches(value.AsSpan(start)))
            {
                return value[..start];
            }
        }

        return value;
    }

    /// <summary>The value with its first (or every) leftmost-longest match replaced.</summary>
    public string Replace(string value, string replacement, bool all)
    {
        var result = new System.Text.StringBuilder();
        var position = 0;
        var previousMatchEnd = -1;
        while (position <= value.Length)
        {
            var matchEnd = LongestMatchAt(value, position);
            if (matchEnd >= 0 && !(matchEnd == position && position == previousMatchEnd))
            {
                result.Append(replacement);
                previousMatchEnd = matchEnd;
                if (!all)
                {
                    result.Append(value, matchEnd, value.Length - matchEnd);
                    return result.ToString();
                }

                if (matchEnd > position)
                {
                    position = matchEnd;
                    continue;
                }
            }

            if (position < value.Length)
            {
                result.Append(value[position]);
            }

            position++;
        }

        return result.ToString();
    }

    private int LongestMatchAt(string value, int start)
    {
        for (var end = value.Length; end >= start; end--)
        {
            if (Matches(value.AsSpan(start, end - start)))
            {
                return end;
            }
        }

        return -1;
    }

    // Whole-text match with backtracking to the last '*'.
    private bool Matches(ReadOnlySpan<char> text)
    {
        int t = 0, p = 0, starToken = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < _tokens.Length && _tokens[p].Kind == Kind.AnyRun)
            {
                starToken = p++;
                starText = t;
            }
            else if (p < _tokens.Length && _tokens[p].MatchesOne(text[t]))
            {
                p++;
                t++;
            }
            else if (starToken >= 0)
            {
                p = starToken + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < _tokens.Length && _tokens[p].Kind == Kind.AnyRun)
        {
            p++;
        }

        return p == _tokens.Length;
    }

    private static int ParseSet(string pattern, int open, out Token set)
    {
        set = default;
        var i = open + 1;
        var negated = i < pattern.Length && pattern[i] is '!' or '^';
        if (negated)
        {
            i++;
        }

        var ranges = new List<(char From, char To)>();
        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            var from = pattern[i];
            if (from == '\\' && i + 1 < pattern.Length)
            {
                from = pattern[++i];
            }

            var to = from;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                to = pattern[i + 2];
                if (to == '\\' && i + 3 < pattern.Length)
                {
                    to = pattern[i + 3];
                    i++;
                }

                i += 2;
            }

            ranges.Add((from, to));
            i++;
        }

        if (i >= pattern.Length)
        {
            return -1;
        }

        set = new Token(Kind.Set, default, [.. ranges], negated);
        return i;
    }

    private readonly record struct Token(Kind Kind, char Literal, (char From, char To)[]? Ranges, bool Negated)
    {
        public bool MatchesOne(char ch) => Kind switch
        {
            Kind.Literal => ch == Literal,
            Kind.AnyOne => true,
            Kind.Set => Ranges!.Any(range => ch >= range.From && ch <= range.To) != Negated,
            _ => false,
        };
    }
}
