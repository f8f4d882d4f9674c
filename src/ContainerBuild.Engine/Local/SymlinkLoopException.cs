namespace ContainerBuild.Engine.Local;

/// <summary>Resolving a path inside a local directory went through too many symlinks (a loop).</summary>
public sealed class SymlinkLoopException : LocalSourceException
{
    public SymlinkLoopException(string root, string path, int limit)
        : base($"Resolving '{path}' in '{root}' followed more than {limit} symlinks; the links form a loop.")
    {
        Root = root;
        Path = path;
    }

    public string Root { get; }

    public string Path { get; }
}
