using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Graph.Internal;

/// <summary>Small conversions into the wire messages.</summary>
internal static class PbConvert
{
    public static Pb.Platform ToPb(Oci.Platform platform)
    {
        var result = new Pb.Platform
        {
            Architecture = platform.Architecture,
            OS = platform.OS,
            Variant = platform.Variant ?? "",
            OSVersion = platform.OSVersion ?? "",
        };
        if (platform.OSFeatures is { } features)
        {
            result.OSFeatures.Add(features);
        }

        return result;
    }

    /// <summary>Map entries sorted by key, byte-wise, as Go writes them.</summary>
    public static IEnumerable<StringMapEntry> SortedEntries(IEnumerable<KeyValuePair<string, string>> map) =>
        map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new StringMapEntry { Key = e.Key, Value = e.Value });

    /// <summary>Unix nanoseconds, or -1 when unset (BuildKit's marshalTime).</summary>
    public static long Timestamp(DateTimeOffset? time) =>
        time is { } t ? (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 : -1;

    /// <summary>An op with the empty worker constraints the Go client always writes (bytes 5a 00).</summary>
    public static Op NewOp(Oci.Platform? platform) => new()
    {
        Platform = platform is null ? null : ToPb(platform),
        Constraints = new WorkerConstraints(),
    };
}
