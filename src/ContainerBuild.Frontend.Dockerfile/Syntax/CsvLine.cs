using System.Text;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>Splits one CSV record as Go's encoding/csv reads a <c>--mount</c> value: commas, and <c>"..."</c> fields with <c>""</c> for a quote.</summary>
internal static class CsvLine
{
    /// <exception cref="FormatException">The record is empty or its quotes are unbalanced.</exception>
    public static List<string> Split(string text)
    {
        if (text.Length == 0)
        {
            throw new FormatException("EOF");
        }

        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            var field = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("extraneous or missing \" in quoted-field");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        if (i < text.Length && text[i] != ',')
                        {
                            throw new FormatException("extraneous or missing \" in quoted-field");
                        }

                        break;
                    }

                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    if (text[i] == '"')
                    {
                        throw new FormatException("bare \" in non-quoted-field");
                    }

                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= text.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }
}
