using System.Globalization;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>Go's time.ParseDuration (<c>30s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>500ms</c>), as HEALTHCHECK options are written.</summary>
internal static class GoDuration
{
    /// <summary>The duration, or null with <paramref name="error"/> set the way Go words it.</summary>
    public static TimeSpan? Parse(string text, out string? error)
    {
        error = null;
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return TimeSpan.Zero;
        }

        if (s.Length == 0)
        {
            error = $"time: invalid duration \"{text}\"";
            return null;
        }

        decimal nanoseconds = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            var numberText = s[..i];
            if (numberText.Length == 0 || numberText == "." || numberText.Count(c => c == '.') > 1)
            {
                error = $"time: invalid duration \"{text}\"";
                return null;
            }

            if (!decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"time: invalid duration \"{text}\"";
                return null;
            }

            s = s[i..];
            var u = 0;
            while (u < s.Length && s[u] != '.' && !char.IsAsciiDigit(s[u]))
            {
                u++;
            }

            if (u == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return null;
            }

            var unit = s[..u];
            s = s[u..];
            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (scale < 0)
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{text}\"";
                return null;
            }

            if (number > long.MaxValue / scale || (nanoseconds += number * scale) > long.MaxValue)
            {
                error = $"time: invalid duration \"{text}\"";
                return null;
            }
        }

        var ticks = (long)(nanoseconds / 100m);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }
}
