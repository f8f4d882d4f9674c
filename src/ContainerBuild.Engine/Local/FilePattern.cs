using System.Text;
using System.Text.RegularExpressions;

namespace ContainerBuild.Engine.Local;

/// <summary>
/// One Docker file pattern (moby/patternmatcher): <c>*</c> and <c>?</c> within a path element, <c>[ranges]</c>,
/// <c>**</c> across elements, <c>\</c> escaping the next character; a leading <c>!</c> makes it an exclusion
/// (a re-include). Paths are relative and '/'-separated.
/// </summary>
public sealed class FilePattern
{
    private const string RegexSpecials = ".+()|{}$";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    private readonly Kind kind;
    private readonly Regex? regex;
    private readonly string[] elements;
    private Regex?[]? elementRegexes;

    private FilePattern(string text, bool isExclusion)
    {
        Text = text;
        IsExclusion = isExclusion;
        elements = text.Split('/');
        (kind, regex) = Compile(text);
    }

    private enum Kind
    {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }

    /// <summary>The cleaned pattern without its <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>Whether the pattern began with <c>!</c>: a match re-includes what earlier patterns matched.</summary>
    public bool IsExclusion { get; }

    /// <summary>
    /// Parses one pattern as Docker does: whitespace trimmed, cleaned like Go's <c>filepath.Clean</c> (so
    /// <c>!a/../b</c> is <c>b</c>), a leading '/' dropped. Returns null for a blank pattern.
    /// </summary>
    /// <exception cref="InvalidPatternException">The pattern is malformed (a lone <c>!</c>, an unclosed <c>[</c>, a trailing <c>\</c>).</exception>
    public static FilePattern? Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var text = pattern.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        text = GoPath.Clean(text);
        var exclusion = text[0] == '!';
        if (exclusion)
        {
            if (text.Length == 1)
            {
                throw new InvalidPatternException(pattern, "'!' alone excludes nothing");
            }

            text = text[1..];
        }

        if (text.Length > 1 && text[0] == '/')
        {
            text = text.TrimStart('/');
        }

        Validate(pattern, text);
        return new FilePattern(text, exclusion);
    }

    /// <summary>Whether <paramref name="path"/> itself matches (not its parents; see <see cref="PatternMatcher"/>).</summary>
    public bool Matches(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return kind switch
        {
            Kind.Exact => string.Equals(path, Text, StringComparison.Ordinal),
            Kind.Prefix => path.StartsWith(Text.AsSpan(0, Text.Length - 2), StringComparison.Ordinal),
            Kind.Suffix => MatchesSuffix(path),
            _ => regex!.IsMatch(path),
        };
    }

    /// <summary>
    /// Whether some path strictly inside the directory <paramref name="directory"/> could match, so a walker must
    /// descend into it. Conservative: true when unsure (a <c>**</c>), never false when a match is possible.
    /// </summary>
    public bool CouldMatchBelow(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.Length == 0)
        {
            return true;
        }

        switch (kind)
        {
            case Kind.Suffix:
                return true;
            case Kind.Prefix:
                var prefix = Text[..^2];
                var dirSlash = directory + "/";
                return dirSlash.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(dirSlash, StringComparison.Ordinal);
            case Kind.Exact:
                return Text.StartsWith(directory + "/", StringComparison.Ordinal);
            default:
                return CouldRegexMatchBelow(directory);
        }
    }

    public override string ToString() => IsExclusion ? "!" + Text : Text;

    private bool MatchesSuffix(string path)
    {
        var suffix = Text.AsSpan(2);
        if (path.AsSpan().EndsWith(suffix, StringComparison.Ordinal))
        {
            return true;
        }

        // "**/foo" also matches "foo" at the top.
        return suffix.Length > 0 && suffix[0] == '/' && path.AsSpan().SequenceEqual(suffix[1..]);
    }

    private bool CouldRegexMatchBelow(string directory)
    {
        var dirElements = directory.Split('/');
        elementRegexes ??= new Regex?[elements.Length];
        for (var i = 0; i < dirElements.Length; i++)
        {
            if (i >= elements.Length)
            {
                return false;
            }

            if (elements[i].Contains("**", StringComparison.Ordinal))
            {
                return true;
            }

            elementRegexes[i] ??= Compile(elements[i]).Regex ?? new Regex("^" + Regex.Escape(Unescape(elements[i])) + @"\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
            if (!elementRegexes[i]!.IsMatch(dirElements[i]))
            {
                return false;
            }
        }

        return elements.Length > dirElements.Length;
    }

    private static string Unescape(string element)
    {
        var builder = new StringBuilder(element.Length);
        for (var i = 0; i < element.Length; i++)
        {
            if (element[i] == '\\' && i + 1 < element.Length)
            {
                i++;
            }

            builder.Append(element[i]);
        }

        return builder.ToString();
    }

    // The translation Docker uses: '*' and '?' stay within an element, "**" spans elements, and patterns without
    // wildcards compare as strings; "**" at the start or end becomes a suffix or prefix test.
    private static (Kind Kind, Regex? Regex) Compile(string pattern)
    {
        var builder = new StringBuilder("^");
        var kind = Kind.Exact;
        var token = 0;
        for (var i = 0; i < pattern.Length; i++, token++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                }

                if (i + 1 >= pattern.Length)
                {
                    if (kind == Kind.Exact)
                    {
                        kind = Kind.Prefix;
                    }
                    else
                    {
                        builder.Append(".*");
                        kind = Kind.Regex;
                    }
                }
                else
                {
                    builder.Append("(.*/)?");
                    kind = Kind.Regex;
                }

                if (token == 0)
                {
                    kind = Kind.Suffix;
                }
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
                kind = Kind.Regex;
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
                kind = Kind.Regex;
            }
            else if (RegexSpecials.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\').Append(c);
            }
            else if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                    builder.Append('\\').Append(pattern[i]);
                    kind = Kind.Regex;
                }
                else
                {
                    builder.Append(@"\\");
                }
            }
            else if (c is '[' or ']')
            {
                builder.Append(c);
                kind = Kind.Regex;
            }
            else
            {
                builder.Append(c);
            }
        }

        if (kind != Kind.Regex)
        {
            return (kind, null);
        }

        // \z, not $: Go's '$' never matches before a final newline.
        builder.Append(@"\z");
        try
        {
            return (kind, new Regex(builder.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout));
        }
        catch (ArgumentException e)
        {
            throw new InvalidPatternException(pattern, e.Message.TrimEnd('.'));
        }
    }

    // The checks Go's filepath.Match makes of a pattern's syntax, which Docker runs on every pattern.
    private static void Validate(string original, string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        throw new InvalidPatternException(original, "it ends in an escaping '\\'");
                    }

                    i++;
                    break;
                case '[':
                    var j = i + 1;
                    if (j < pattern.Length && pattern[j] == '^')
                    {
                        j++;
                    }

                    var first = j;
                    while (j < pattern.Length && pattern[j] != ']')
                    {
                        if (pattern[j] == '\\')
                        {
                            j++;
                        }

                        j++;
                    }

                    if (j >= pattern.Length)
                    {
                        throw new InvalidPatternException(original, "a '[' is never closed");
                    }

                    if (j == first)
                    {
                        throw new InvalidPatternException(original, "a character class '[]' is empty");
                    }

                    i = j;
                    break;
            }
        }
    }
}
