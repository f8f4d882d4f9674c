using System.Text;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>
/// Splits ENV, LABEL and ARG arguments into words on whitespace outside quotes, keeping quotes and escapes in the words
/// (BuildKit's parseWords): the converter's expansion removes them later.
/// </summary>
internal static class WordSplitter
{
    public static List<string> Split(string text, char escapeToken)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (!inWord && quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    continue;
                }

                inWord = true;
            }

            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    if (blankOk || word.Length > 0)
                    {
                        words.Add(word.ToString());
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
                }
                else if (ch == escapeToken)
                {
                    if (i + 1 == text.Length)
                    {
                        continue; // an escape token at the end is dropped
                    }

                    // Outside quotes the escape token and the next character both stay, even a quote.
                    word.Append(ch);
                    ch = text[++i];
                }

                word.Append(ch);
                continue;
            }

            if (ch == quote)
            {
                quote = '\0';
            }
            else if (ch == escapeToken && quote != '\'')
            {
                if (i + 1 == text.Length)
                {
                    quote = '\0';
                    continue;
                }

                word.Append(ch);
                ch = text[++i];
            }

            word.Append(ch);
        }

        if ((inWord || quote != '\0') && (blankOk || word.Length > 0))
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
