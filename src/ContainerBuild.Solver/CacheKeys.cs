using System.Globalization;
using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Solver;

/// <summary>
/// Cache keys: sha256 over a versioned type string, the op's base key and, per input, the input's key (or the digest of
/// its selected content) and selector. Changing the layout means changing <see cref="Version"/>.
/// </summary>
internal static class CacheKeys
{
    public const string Version = "containerbuild.cachekey.v1";

    /// <summary>The key of one output of a vertex whose results are keyed by <paramref name="vertexKey"/>.</summary>
    public static Digest Output(Digest vertexKey, int output) =>
        Hash($"{Version}/output\0{vertexKey}@{output.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>A vertex's key; <paramref name="inputs"/> are (key or content digest, whether it is content, selector).</summary>
    public static Digest Vertex(Digest baseKey, IReadOnlyList<(Digest Key, bool IsContent, Digest? Selector)> inputs)
    {
        var text = new StringBuilder(Version).Append('\0').Append(baseKey.ToString());
        foreach (var (key, isContent, selector) in inputs)
        {
            text.Append('\0').Append(isContent ? "content:" : "key:").Append(key.ToString())
                .Append('\0').Append(selector?.ToString() ?? "");
        }

        return Hash(text.ToString());
    }

    private static Digest Hash(string text) => Digest.Compute(Encoding.UTF8.GetBytes(text));
}
