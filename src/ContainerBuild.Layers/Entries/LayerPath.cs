using System.Text;

namespace ContainerBuild.Layers;

/// <summary>Paths inside a layer: relative, '/'-separated, without '.', '..' or empty segments.</summary>
public static class LayerPath
{
    /// <summary>
    /// Normalises a path for a layer: strips leading '/' and './', collapses '//' and '/./',
    /// drops a trailing '/'. Refuses '..' and NUL. Returns "" for the layer root.
    /// </summary>
    /// <exception cref="InvalidLayerEntryException">The path climbs out with '..' or holds a NUL.</exception>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidLayerEntryException(path, "the path contains a NUL character");
        }

        var builder = new StringBuilder(path.Length);
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                throw new InvalidLayerEntryException(path, "'..' is not allowed in a layer path; give the path as it is inside the image");
            }

            if (builder.Length > 0)
            {
                builder.Append('/');
            }

            builder.Append(segment);
        }

        return builder.ToString();
    }

    /// <summary>The parent of a normalised path, or "" at the top.</summary>
    public static string Parent(string normalized)
    {
        var slash = normalized.LastIndexOf('/');
        return slash < 0 ? "" : normalized[..slash];
    }

    /// <summary>The last segment of a normalised path.</summary>
    public static string Name(string normalized)
    {
        var slash = normalized.LastIndexOf('/');
        return slash < 0 ? normalized : normalized[(slash + 1)..];
    }

    /// <summary>Joins two normalised paths.</summary>
    public static string Join(string parent, string name) =>
        parent.Length == 0 ? name : name.Length == 0 ? parent : parent + "/" + name;

    /// <summary>Byte-wise (UTF-8, i.e. code point) order: the order entries take in a layer.</summary>
    public static int CompareOrdinalUtf8(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var a = left.AsSpan();
        var b = right.AsSpan();
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                // UTF-16 order differs from code point order only for surrogates against U+E000..U+FFFF.
                return CodePointKey(a[i]).CompareTo(CodePointKey(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CodePointKey(char c) => char.IsSurrogate(c) ? c + 0x10000 : c;

    /// <summary>A comparer for <see cref="CompareOrdinalUtf8"/>.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(CompareOrdinalUtf8);
}
