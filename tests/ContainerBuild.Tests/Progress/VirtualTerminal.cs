using System.Text;
using System.Text.RegularExpressions;

namespace ContainerBuild.Tests.Progress;

/// <summary>
/// Replays what a printer wrote as a terminal would show it: text overwrites the cursor's row, <c>\n</c> moves down,
/// <c>\r</c> to column 0, and the three sequences the tty printer uses (cursor up, erase to end of line, erase below).
/// Anything else fails the test, so the printer cannot rely on sequences this screen does not know.
/// </summary>
internal static partial class VirtualTerminal
{
    public static IReadOnlyList<string> Screen(string written)
    {
        var rows = new List<StringBuilder> { new() };
        var (row, column) = (0, 0);
        for (var i = 0; i < written.Length; i++)
        {
            var ch = written[i];
            if (ch == '\u001b')
            {
                var match = Escape().Match(written, i);
                Assert.True(match.Success && match.Index == i, $"Unknown escape sequence at {i}: {Printable(written.Substring(i, Math.Min(8, written.Length - i)))}");
                var count = match.Groups[1].Value.Length == 0 ? 1 : int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                switch (match.Groups[2].Value)
                {
                    case "A":
                        row = Math.Max(0, row - count);
                        break;
                    case "K":
                        rows[row].Length = Math.Min(rows[row].Length, column);
                        break;
                    case "J":
                        rows[row].Length = Math.Min(rows[row].Length, column);
                        rows.RemoveRange(row + 1, rows.Count - row - 1);
                        break;
                }

                i += match.Length - 1;
            }
            else if (ch == '\n')
            {
                row++;
                column = 0;
                while (rows.Count <= row)
                {
                    rows.Add(new StringBuilder());
                }
            }
            else if (ch == '\r')
            {
                column = 0;
            }
            else
            {
                var line = rows[row];
                if (column < line.Length)
                {
                    line[column] = ch;
                }
                else
                {
                    line.Append(' ', column - line.Length).Append(ch);
                }

                column++;
            }
        }

        var screen = rows.Select(r => r.ToString()).ToList();
        while (screen.Count > 0 && screen[^1].Length == 0)
        {
            screen.RemoveAt(screen.Count - 1);
        }

        return screen;
    }

    public static string Printable(string text) => text.Replace("\u001b", "\\e", StringComparison.Ordinal);

    [GeneratedRegex(@"\u001b\[(\d*)([AKJ])")]
    private static partial Regex Escape();
}
