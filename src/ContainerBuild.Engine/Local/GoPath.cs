using ContainerBuild.Oci.IO;

namespace ContainerBuild.Engine.Local;

/// <summary>Lexical path cleaning with Go's <c>path.Clean</c> rules, which Docker applies to patterns and selectors.</summary>
internal static class GoPath
{
    /// <summary>Removes empty, <c>.</c> and resolvable <c>..</c> elements; "" becomes ".", a rooted path stays rooted.</summary>
    public static string Clean(string path) => UnixPath.Clean(path);

    /// <summary>A selector or pattern as a path relative to the root: cleaned, no leading '/', "" for the root itself.</summary>
    public static string Relative(string path)
    {
        var cleaned = Clean(path.Replace('\\', '/'));
        cleaned = cleaned.TrimStart('/');
        return cleaned == "." ? "" : cleaned;
    }

    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}/{name}";
}
