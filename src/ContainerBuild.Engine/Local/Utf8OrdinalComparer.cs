namespace ContainerBuild.Engine.Local;

/// <summary>Orders strings by their UTF-8 bytes, as Go's sort.Strings does (UTF-16 ordinal differs only past U+D7FF).</summary>
internal sealed class Utf8OrdinalComparer : IComparer<string?>
{
    public static readonly Utf8OrdinalComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Weight(a) - Weight(b);
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates encode code points above U+FFFF, whose UTF-8 bytes sort after every BMP character.
    private static int Weight(char c) => c >= 0xD800 && c <= 0xDFFF ? c + 0x2000 : c >= 0xE000 ? c - 0x800 : c;
}
