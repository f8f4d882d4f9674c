namespace ContainerBuild.Engine.Ops;

/// <summary>Paths inside a state: '/'-separated, relative to its root, cleaned ("" is the root).</summary>
internal static class FsPaths
{
    /// <summary>Cleans a path as Go's <c>path.Clean</c> would, relative to the root ('..' never leaves it).</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Join(string parent, string name) => parent.Length == 0 ? name : name.Length == 0 ? parent : $"{parent}/{name}";

    /// <summary>Every proper ancestor, nearest first, without the root.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        for (var parent = Parent(path); parent.Length > 0; parent = Parent(parent))
        {
            yield return parent;
        }
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="directory"/> or inside it.</summary>
    public static bool IsWithin(string path, string directory) =>
        directory.Length == 0 || string.Equals(path, directory, StringComparison.Ordinal) || path.StartsWith(directory + "/", StringComparison.Ordinal);

    public static bool HasWildcard(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;
}
