using System.Text;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// Takes the leading <c>--name[=value]</c> words off an instruction's arguments (BuildKit's extractBuilderFlags): quotes
/// are removed from flags, a backslash escapes the next character, and a lone <c>--</c> ends the flags.
/// </summary>
internal static class FlagExtractor
{
    public static (List<string> Flags, string Remainder) Extract(string line)
    {
        var flags = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false;
        for (var pos = 0; pos <= line.Length; pos++)
        {
            var atEnd = pos == line.Length;
            var ch = atEnd ? '\0' : line[pos];
            if (!inWord && quote == '\0')
            {
                if (atEnd)
                {
                    break;
                }

                if (char.IsWhiteSpace(ch))
                {
                    continue;
                }

                if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
                {
                    return (flags, line[pos..]);
                }

                inWord = true;
            }

            if (atEnd)
            {
                var text = word.ToString();
                if (text != "--" && (blankOk || text.Length > 0))
                {
                    flags.Add(text);
                }

                break;
            }

            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    var text = word.ToString();
                    if (text == "--")
                    {
                        return (flags, line[pos..]);
                    }

                    if (blankOk || text.Length > 0)
                    {
                        flags.Add(text);
                    }

                    word.Clear();
                    blankOk = false;
                    inWord = false;
                    continue;
                }

                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    continue;
                }

                if (ch == '\\')
                {
                    if (pos + 1 == line.Length)
                    {
                        continue;
                    }

                    ch = line[++pos];
                }

                word.Append(ch);
                continue;
            }

            if (ch == quote)
            {
                quote = '\0';
                continue;
            }

            if (ch == '\\')
            {
                if (pos + 1 == line.Length)
                {
                    quote = '\0';
                    continue;
                }

                ch = line[++pos];
            }

            word.Append(ch);
        }

        return (flags, string.Empty);
    }
}
