namespace ContainerBuild.Engine.Ops;

/// <summary>A <c>local://NAME</c> source names a directory the build was not given.</summary>
public sealed class LocalDirNotFoundException : Exception
{
    public LocalDirNotFoundException(string name, IEnumerable<string> known)
        : base($"The build has no local directory named '{name}'; it was given {Describe(known)}.")
    {
        Name = name;
        Known = [.. known];
    }

    public LocalDirNotFoundException()
    {
        Name = "";
        Known = [];
    }

    public LocalDirNotFoundException(string message)
        : base(message)
    {
        Name = "";
        Known = [];
    }

    public LocalDirNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Name = "";
        Known = [];
    }

    public string Name { get; }

    public IReadOnlyList<string> Known { get; }

    private static string Describe(IEnumerable<string> known)
    {
        var names = known.Order(StringComparer.Ordinal).Select(n => $"'{n}'").ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
