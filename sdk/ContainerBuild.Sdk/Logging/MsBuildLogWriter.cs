using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerBuild.Tasks.Logging;

/// <summary>
/// The progress printer's output (BuildKit's plain or rawjson lines) turned into MSBuild messages, one per line: a
/// step's name and its DONE/CACHED/ERROR lines at normal importance, its log and byte-progress lines at low, so
/// <c>-v:n</c> shows the steps and <c>-v:d</c> everything. Failures reach MSBuild as coded errors from the task.
/// </summary>
public sealed class MsBuildLogWriter(TaskLoggingHelper log) : TextWriter
{
    private readonly StringBuilder line = new();
    private readonly Lock gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (gate)
        {
            if (value == '\n')
            {
                EmitLine();
            }
            else if (value != '\r')
            {
                line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var c in value)
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        lock (gate)
        {
            if (line.Length > 0)
            {
                EmitLine();
            }
        }
    }

    /// <summary>Normal for a step's header and outcome, low for what happens inside a step.</summary>
    public static MessageImportance ImportanceOf(string text)
    {
        if (!text.StartsWith('#'))
        {
            return MessageImportance.Low;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var rest = space < 0 ? "" : text[(space + 1)..];
        if (rest.StartsWith("DONE", StringComparison.Ordinal) || rest.StartsWith("CACHED", StringComparison.Ordinal)
            || rest.StartsWith("ERROR", StringComparison.Ordinal) || rest.StartsWith("CANCELED", StringComparison.Ordinal)
            || rest.StartsWith("WARN", StringComparison.Ordinal) || rest.StartsWith('['))
        {
            return MessageImportance.Normal;
        }

        // "#3 0.123 log text" and "#3 sha256:... 1.2MB / 3.4MB" are inside a step.
        var first = rest.Split(' ', 2)[0];
        return first.Length == 0 || char.IsAsciiDigit(first[0]) || first.Contains(':', StringComparison.Ordinal) || rest.Contains(" / ", StringComparison.Ordinal)
            ? MessageImportance.Low
            : MessageImportance.Normal;
    }

    private void EmitLine()
    {
        var text = line.ToString();
        line.Clear();
        if (text.Length > 0)
        {
            log.LogMessage(ImportanceOf(text), "{0}", text);
        }
    }
}
