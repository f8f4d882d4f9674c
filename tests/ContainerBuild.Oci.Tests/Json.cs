using System.Globalization;
using System.Text.Json;

namespace ContainerBuild.Oci.Tests;

/// <summary>Compares two JSON documents by content, so a rewrite can be checked to lose nothing.</summary>
internal static class Json
{
    /// <summary>
    /// Every value in <paramref name="original"/> is in <paramref name="rewritten"/>, and nothing else
    /// except a top-level mediaType; empty values the writer leaves out (null, {}, [], false) may be missing;
    /// timestamps may lose digits below 100 ns.
    /// </summary>
    public static void AssertSameContent(ReadOnlySpan<byte> original, ReadOnlySpan<byte> rewritten)
    {
        using var left = JsonDocument.Parse(original.ToArray());
        using var right = JsonDocument.Parse(rewritten.ToArray());
        Compare(left.RootElement, right.RootElement, "$");
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} became {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in expected.EnumerateObject())
                {
                    names.Add(property.Name);
                    if (actual.TryGetProperty(property.Name, out var value))
                    {
                        Compare(property.Value, value, $"{path}.{property.Name}");
                    }
                    else
                    {
                        Assert.True(IsEmpty(property.Value), $"{path}.{property.Name} was lost");
                    }
                }

                foreach (var property in actual.EnumerateObject())
                {
                    Assert.True(
                        names.Contains(property.Name) || (path == "$" && property.Name == "mediaType"),
                        $"{path}.{property.Name} was added");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: the array length changed");
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.String when IsTimestamp(expected.GetString()!, out var before) && IsTimestamp(actual.GetString()!, out var after):
                Assert.True((before - after).Duration() < TimeSpan.FromTicks(1), $"{path}: {expected} became {actual}");
                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: {expected.GetRawText()} became {actual.GetRawText()}");
                break;
        }
    }

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False => true,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };

    private static bool IsTimestamp(string text, out DateTimeOffset value)
    {
        var trimmed = text.Length > 28 && text[19] == '.' ? string.Concat(text.AsSpan(0, 27), text.AsSpan(text.IndexOfAny(['Z', '+', '-'], 19))) : text;
        return DateTimeOffset.TryParseExact(trimmed, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
