namespace ContainerBuild.Cli;

/// <summary>What a command reads from its process: the environment, read once at the edge.</summary>
public sealed record CliContext(IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>Where <c>-</c> arguments read from; null for the process's standard input.</summary>
    public TextReader? StandardInput { get; init; }

    /// <summary>The folder relative paths are resolved against; null for the process's working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Where <c>dest=-</c> outputs write bytes; null for the process's standard output.</summary>
    public Stream? StandardOutput { get; init; }

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
