namespace ContainerBuild.Layers;

/// <summary>An entry given to the layer writer cannot go into a layer; the message says which and why.</summary>
public sealed class InvalidLayerEntryException : Exception
{
    public InvalidLayerEntryException(string entryPath, string problem)
        : base($"The layer entry '{entryPath}' cannot be written: {problem}.")
    {
        EntryPath = entryPath;
        Problem = problem;
    }

    public InvalidLayerEntryException()
        : this("", "unknown problem")
    {
    }

    public InvalidLayerEntryException(string message)
        : this("", message)
    {
    }

    public InvalidLayerEntryException(string message, Exception innerException)
        : base(message, innerException)
    {
        EntryPath = "";
        Problem = message;
    }

    public string EntryPath { get; } = "";

    public string Problem { get; } = "";
}
