namespace ContainerBuild.Engine.Local;

/// <summary>A selected path does not exist in the local directory (after resolving symlinks inside it).</summary>
public sealed class LocalPathNotFoundException : LocalSourceException
{
    public LocalPathNotFoundException(string root, string path)
        : base($"'{path}' does not exist in the directory '{root}'.")
    {
        Root = root;
        Path = path;
    }

    public string Root { get; }

    /// <summary>The path relative to the root, as it was selected.</summary>
    public string Path { get; }
}
