using ContainerBuild.Oci.IO;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>Path spelling as BuildKit's dockerfile2llb does it (Go's path package and <c>system.NormalizePath</c>): op paths spelled differently change digests.</summary>
internal static class DockerPaths
{
    public static bool IsAbsolute(string path) => path.StartsWith('/');

    /// <summary>Go's <c>path.Join</c>: the non-empty elements joined with '/' and cleaned; all empty gives "".</summary>
    public static string Join(params string?[] elements)
    {
        var present = elements.Where(e => !string.IsNullOrEmpty(e)).ToArray();
        return present.Length == 0 ? "" : UnixPath.Clean(string.Join('/', present));
    }

    /// <summary>Go's <c>path.Base</c>.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return "/";
        }

        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>BuildKit's <c>system.NormalizePath</c>: cleaned, joined to <paramref name="parent"/> when relative; with <paramref name="keepSlash"/> a trailing "/" or "/." survives.</summary>
    public static string Normalize(string parent, string path, bool keepSlash)
    {
        var result = IsAbsolute(path) ? UnixPath.Clean(path) : Join(parent, path);
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

    /// <summary>A COPY/ADD destination against the working directory (BuildKit's pathRelativeToWorkingDir): "." and "" mean the directory itself, a trailing "/" is kept.</summary>
    public static string RelativeToWorkingDir(string? workingDir, string path)
    {
        var dir = string.IsNullOrEmpty(workingDir) ? "/" : workingDir;
        if (path.Length == 0)
        {
            return dir;
        }

        if (IsAbsolute(path))
        {
            return Normalize("/", path, keepSlash: true);
        }

        return Normalize(dir, path is "." ? "./" : path, keepSlash: true);
    }
}
