using System.Globalization;

namespace ContainerBuild.Cache;

/// <summary>Sizes in and out, as Docker's CLI takes and prints them.</summary>
public static class ByteSize
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary>
    /// Parses <c>5GB</c>, <c>512m</c>, <c>1.5g</c>, <c>1024</c> (bytes) like Docker's <c>--keep-storage</c>: binary
    /// multiples (k = 1024), case-insensitive, an optional <c>i</c> and <c>b</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not a size.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var end = value.Length;
        if (end > 0 && value[end - 1] is 'b' or 'B')
        {
            end--;
        }

        if (end > 0 && value[end - 1] is 'i' or 'I')
        {
            end--;
        }

        var multiplier = 1L;
        if (end > 0 && char.IsAsciiLetter(value[end - 1]))
        {
            multiplier = char.ToUpperInvariant(value[end - 1]) switch
            {
                'K' => 1L << 10,
                'M' => 1L << 20,
                'G' => 1L << 30,
                'T' => 1L << 40,
                'P' => 1L << 50,
                _ => 0,
            };
            end--;
        }

        var number = value[..end].TrimEnd();
        if (multiplier == 0 || number.Length == 0
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException($"'{text}' is not a size: use a number with an optional unit, such as 5GB, 512MB or 1.5g.");
        }

        return (long)(amount * multiplier);
    }

    /// <summary>Docker's human size: decimal units, four significant digits (<c>1.234MB</c>, <c>227B</c>).</summary>
    public static string Format(long bytes)
    {
        double size = bytes;
        var unit = 0;
        while (Math.Abs(size) >= 1000 && unit < DecimalUnits.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return size.ToString("G4", CultureInfo.InvariantCulture) + DecimalUnits[unit];
    }
}
