namespace ContainerBuild.Dockerfile;

/// <summary>The build context or the Dockerfile is not where the build was told to find it.</summary>
public sealed class BuildInputNotFoundException : Exception
{
    public BuildInputNotFoundException(string input, string path, string message)
        : base(message)
    {
        Input = input;
        Path = path;
    }

    public BuildInputNotFoundException()
        : this("", "", "A build input was not found.")
    {
    }

    public BuildInputNotFoundException(string message)
        : this("", "", message)
    {
    }

    public BuildInputNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Input = "";
        Path = "";
    }

    /// <summary><c>context</c> or <c>Dockerfile</c>.</summary>
    public string Input { get; }

    public string Path { get; }

    public static BuildInputNotFoundException Context(string path) =>
        new("context", path, $"The build context '{path}' is not a directory: give the folder to build from (such as '.'), or '-' to read a Dockerfile from standard input.");

    public static BuildInputNotFoundException Dockerfile(string path) =>
        new("Dockerfile", path, $"The Dockerfile '{path}' does not exist: name it with -f PATH, or build a folder that holds a file named Dockerfile.");
}
