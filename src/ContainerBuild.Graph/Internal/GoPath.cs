using ContainerBuild.Oci.IO;

namespace ContainerBuild.Graph.Internal;

/// <summary>Go's <c>path.Clean</c>, <c>path.Join</c> and BuildKit's <c>normalizePath</c>: op paths must be spelled as the Go client spells them, or digests differ.</summary>
internal static class GoPath
{
    public static string Clean(string path) => UnixPath.Clean(path);

    public static bool IsAbs(string path) => path.StartsWith('/');

    /// <summary>Joins the non-empty elements with '/' and cleans the result; all empty gives "".</summary>
    public static string Join(params string?[] elements)
    {
        var present = elements.Where(e => !string.IsNullOrEmpty(e)).ToArray();
        return present.Length == 0 ? "" : Clean(string.Join('/', present));
    }

    /// <summary>An absolute path: <paramref name="path"/> cleaned, resolved against <paramref name="parent"/> when relative; with <paramref name="keepSlash"/> a trailing "/" or "/." survives.</summary>
    public static string Normalize(string? parent, string path, bool keepSlash)
    {
        var result = Clean(path);
        if (!IsAbs(result))
        {
            result = Join("/", parent, result);
        }

        if (keepSlash)
        {
            if (path.EndsWith('/') && !result.EndsWith('/'))
            {
                result += "/";
            }
            else if (path.EndsWith("/.", StringComparison.Ordinal))
            {
                if (result != "/")
                {
                    result += "/";
                }

                result += ".";
            }
        }

        return result;
    }
}
