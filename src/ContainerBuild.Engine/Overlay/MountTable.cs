using System.Text;

namespace ContainerBuild.Engine.Overlay;

/// <summary>The mount points this process sees (<c>/proc/self/mountinfo</c>), and taking them down.</summary>
internal static class MountTable
{
    private const string MountInfo = "/proc/self/mountinfo";

    /// <summary>Every mount point at or under <paramref name="directory"/>, deepest first.</summary>
    public static IReadOnlyList<string> MountsUnder(string directory)
    {
        if (!File.Exists(MountInfo))
        {
            return [];
        }

        var prefix = directory.TrimEnd('/') + "/";
        var found = new List<string>();
        foreach (var line in File.ReadLines(MountInfo))
        {
            // "36 35 98:0 /root /mnt/point rw,noatime master:1 - ext3 /dev/root rw": the fifth field.
            var fields = line.Split(' ');
            if (fields.Length < 5)
            {
                continue;
            }

            var point = Unescape(fields[4]);
            if (point == directory.TrimEnd('/') || point.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(point);
            }
        }

        return [.. found.Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length)];
    }

    public static bool IsMounted(string point) => MountsUnder(point).Contains(point.TrimEnd('/'), StringComparer.Ordinal);

    /// <summary>
    /// Unmounts <paramref name="point"/> (every mount stacked there); when it is busy, detaches it lazily, so it is gone
    /// from the tree now and released when its last user goes. False when it stays mounted.
    /// </summary>
    public static bool Unmount(string point)
    {
        for (var attempt = 0; attempt < 8 && IsMounted(point); attempt++)
        {
            var errno = OverlayNative.Unmount(point, detach: false);
            if (errno == OverlayNative.Ebusy)
            {
                errno = OverlayNative.Unmount(point, detach: true);
            }

            if (errno is not (0 or OverlayNative.Einval or OverlayNative.Enoent))
            {
                break; // Not ours to unmount (EPERM): say so through the result.
            }
        }

        return !IsMounted(point);
    }

    // mountinfo writes space, tab, newline and backslash as \ooo octal escapes.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.Add((byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field.Substring(i, 1)));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
