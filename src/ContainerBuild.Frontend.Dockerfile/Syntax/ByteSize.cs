using System.Globalization;

namespace ContainerBuild.Frontend.Dockerfile.Syntax;

/// <summary>Sizes as Docker's units.RAMInBytes reads them: <c>64m</c>, <c>1.5g</c>, <c>512kb</c>, <c>100</c> (binary multiples).</summary>
internal static class ByteSize
{
    public static long? Parse(string text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !decimal.TryParse(text.AsSpan(0, i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var rest = text[i..];
        if (rest.StartsWith(' '))
        {
            rest = rest[1..];
        }

        var multiplier = 1m;
        if (rest.Length > 0 && "kmgtp".Contains(char.ToLowerInvariant(rest[0]), StringComparison.Ordinal))
        {
            multiplier = char.ToLowerInvariant(rest[0]) switch
            {
                'k' => 1024m,
                'm' => 1024m * 1024,
                'g' => 1024m * 1024 * 1024,
                't' => 1024m * 1024 * 1024 * 1024,
                _ => 1024m * 1024 * 1024 * 1024 * 1024,
            };
            rest = rest[1..];
        }

        if (rest.Length > 0 && rest[0] is 'i' or 'I')
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 && rest[0] is 'b' or 'B')
        {
            rest = rest[1..];
        }

        if (rest.Length > 0)
        {
            return null;
        }

        return number > long.MaxValue / multiplier ? null : (long)(number * multiplier);
    }
}
