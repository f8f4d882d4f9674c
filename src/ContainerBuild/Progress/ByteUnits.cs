using System.Globalization;

namespace ContainerBuild.Progress;

/// <summary>Sizes as BuildKit's printers write them (<c>%.2f</c> of tonistiigi/units: decimal units, whole bytes below 1 kB).</summary>
internal static class ByteUnits
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];

    public static string Format(long bytes)
    {
        var magnitude = Math.Abs((double)bytes);
        if (magnitude < 1000)
        {
            // An integer under a precision of 2 is zero-padded to two digits, as Go's big.Int formatting does.
            var digits = Math.Abs(bytes).ToString("00", CultureInfo.InvariantCulture);
            return (bytes < 0 ? "-" : "") + digits + "B";
        }

        var unit = 0;
        var scale = 1.0;
        while (unit < Units.Length - 1 && magnitude >= scale * 1000)
        {
            scale *= 1000;
            unit++;
        }

        return (bytes / scale).ToString("F2", CultureInfo.InvariantCulture) + Units[unit];
    }
}
