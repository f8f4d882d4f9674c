namespace ContainerBuild.Cli;

/// <summary>What a command reads from its process: the environment, read once at the edge.</summary>
public sealed record CliContext(IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>This process's environment.</summary>
    public static CliContext FromProcess()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return new CliContext(variables);
    }
}
