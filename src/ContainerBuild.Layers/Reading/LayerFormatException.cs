namespace ContainerBuild.Layers;

/// <summary>A layer blob is not a readable tar (or its compression is broken); names the entry where it broke.</summary>
public sealed class LayerFormatException : Exception
{
    public LayerFormatException(string? entryPath, string problem, Exception? innerException = null)
        : base(entryPath is null
            ? $"The layer is not a valid tar: {problem}. The blob is damaged or truncated: fetch or build it again."
            : $"The layer is not a valid tar at the entry '{entryPath}': {problem}. The blob is damaged or truncated: fetch or build it again.", innerException)
    {
        EntryPath = entryPath;
        Problem = problem;
    }

    public LayerFormatException()
        : this(null, "unknown problem")
    {
    }

    public LayerFormatException(string message)
        : this(null, message)
    {
    }

    public LayerFormatException(string message, Exception innerException)
        : this(null, message, innerException)
    {
    }

    /// <summary>The last entry read before the problem, or null at the start.</summary>
    public string? EntryPath { get; }

    public string Problem { get; } = "";
}
