using ContainerBuild.Oci.IO;

namespace ContainerBuild.Frontend.Dockerfile.DockerIgnore;

/// <summary>
/// Reads a .dockerignore file into exclude patterns as Docker does (moby/patternmatcher's ignorefile): a UTF-8 BOM
/// dropped, lines starting with <c>#</c> skipped (before trimming, so " #x" is a pattern), blank lines skipped,
/// whitespace trimmed, each pattern cleaned with a leading '/' removed, and <c>!</c> kept in front.
/// The patterns are matched by the engine's local source; this parser only reads them.
/// </summary>
public static class DockerIgnoreFile
{
    /// <summary>The conventional file name at the root of the build context.</summary>
    public const string FileName = ".dockerignore";

    /// <summary>The patterns of a .dockerignore file's text, in order.</summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var patterns = new List<string>();
        using var reader = new StringReader(text.StartsWith('\uFEFF') ? text[1..] : text);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var pattern = line.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }

            var exclusion = pattern[0] == '!';
            if (exclusion)
            {
                pattern = pattern[1..].Trim();
            }

            if (pattern.Length > 0)
            {
                pattern = UnixPath.Clean(pattern);
                if (pattern.Length > 1 && pattern[0] == '/')
                {
                    pattern = pattern[1..];
                }
            }

            patterns.Add(exclusion ? "!" + pattern : pattern);
        }

        return patterns;
    }

    /// <summary>The patterns of a .dockerignore file on disk.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text);
    }
}
