namespace ContainerBuild.Oci.IO;

/// <summary>Paths inside images and build contexts, always '/'-separated whatever the host.</summary>
public static class UnixPath
{
    /// <summary>
    /// Go's <c>path.Clean</c>, which BuildKit and Docker apply to op paths and patterns: drops empty and <c>.</c>
    /// elements, resolves <c>..</c> lexically (never above a rooted path), keeps a leading '/'; "" becomes ".".
    /// Spelling a path differently from Go changes LLB digests, so every cleaning goes through here.
    /// </summary>
    public static string Clean(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
