namespace ContainerBuild.Layers;

/// <summary>
/// An entry the extractor refuses: it would land outside the target (through '..', an absolute path,
/// a symlink, a hard link) or needs a privilege the process lacks (device files). Nothing of it was written.
/// </summary>
public sealed class UnsafeLayerEntryException : Exception
{
    public UnsafeLayerEntryException(string entryPath, string problem)
        : base($"The layer entry '{entryPath}' was refused: {problem}. Nothing was written outside the target; use a layer from a trusted builder or rebuild it without this entry.")
    {
        EntryPath = entryPath;
        Problem = problem;
    }

    public UnsafeLayerEntryException()
        : this("", "unknown problem")
    {
    }

    public UnsafeLayerEntryException(string message)
        : this("", message)
    {
    }

    public UnsafeLayerEntryException(string message, Exception innerException)
        : base(message, innerException)
    {
        EntryPath = "";
        Problem = message;
    }

    public string EntryPath { get; } = "";

    public string Problem { get; } = "";
}
