namespace ContainerBuild.Progress;

/// <summary>BuildKit's closing block for a failed step: its name and last log lines between dashed rules.</summary>
internal static class FailedStepSummary
{
    public static void Write(TextWriter output, string name, IEnumerable<string> lastLines)
    {
        output.Write("------\n");
        output.Write($" > {name}:\n");
        foreach (var line in lastLines)
        {
            output.Write(line + "\n");
        }

        output.Write("------\n");
    }
}
