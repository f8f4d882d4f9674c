using ContainerBuild.Graph.Internal;

namespace ContainerBuild.Graph;

/// <summary>
/// An immutable chain of file actions for one file op, built like BuildKit's:
/// <c>FileActions.Mkdir("/app", 0755).Copy(local, "/src", "/app/")</c>. Each call returns a new
/// chain that ends with the new action (<see cref="FileActions"/> starts one); <see cref="State.File"/> runs the chain on a state.
/// Relative paths are resolved against the working directory of the state the chain runs on
/// (a copy's source path against its source state's).
/// </summary>
public sealed class FileAction
{
    internal FileAction(FileAction? previous, FileActionSpec spec)
    {
        Previous = previous;
        Spec = spec;
        Count = (previous?.Count ?? 0) + 1;
    }

    /// <summary>How many actions the chain holds.</summary>
    public int Count { get; }

    internal FileAction? Previous { get; }

    internal FileActionSpec Spec { get; }

    public FileAction Mkdir(string path, int mode, MkdirOptions? options = null) => Then(FileActions.Mkdir(path, mode, options));

    public FileAction Mkfile(string path, int mode, ReadOnlyMemory<byte> data, MkfileOptions? options = null) => Then(FileActions.Mkfile(path, mode, data, options));

    public FileAction Mkfile(string path, int mode, string text, MkfileOptions? options = null) => Then(FileActions.Mkfile(path, mode, text, options));

    public FileAction Rm(string path, RmOptions? options = null) => Then(FileActions.Rm(path, options));

    public FileAction Symlink(string oldPath, string newPath, SymlinkOptions? options = null) => Then(FileActions.Symlink(oldPath, newPath, options));

    public FileAction Copy(CopySource from, string source, string destination, CopyOptions? options = null) =>
        Then(FileActions.Copy(from, source, destination, options));

    /// <summary>This chain run on <paramref name="state"/>, as the source of a copy in another chain of the same op (BuildKit's WithState).</summary>
    public CopySource On(State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new CopySource(state, this);
    }

    private FileAction Then(FileAction single) => new(this, single.Spec);
}
