using ContainerBuild.Driver.BuildKit.Protocol;
using ContainerBuild.Oci;
using Google.Protobuf.WellKnownTypes;
using Llb = ContainerBuild.Graph.Pb;

namespace ContainerBuild.Driver.BuildKit.Transport;

/// <summary>From BuildKit's wire messages to the driver's records.</summary>
internal static class ProtocolMapping
{
    public static BuildKitStatus ToStatus(StatusResponse response) => new(
        [.. response.Vertexes.Select(ToVertex)],
        [.. response.Statuses.Select(s => new BuildKitVertexProgress(
            s.ID, ToDigest(s.Vertex), s.Name, s.Current, s.Total, ToTime(s.Timestamp), ToTime(s.Started), ToTime(s.Completed)))],
        [.. response.Logs.Select(l => new BuildKitVertexLog(ToDigest(l.Vertex), ToTime(l.Timestamp), (int)l.Stream, l.Msg.Memory))],
        [.. response.Warnings.Select(w => new BuildKitVertexWarning(
            ToDigest(w.Vertex), w.Level, w.Short.ToStringUtf8(), [.. w.Detail.Select(d => d.ToStringUtf8())], NullIfEmpty(w.Url)))]);

    public static BuildKitVertex ToVertex(Vertex v) => new(
        ToDigest(v.Digest),
        [.. v.Inputs.Select(ToDigest)],
        v.Name,
        v.Cached,
        ToTime(v.Started),
        ToTime(v.Completed),
        NullIfEmpty(v.Error));

    public static BuildKitWorker ToWorker(Protocol.WorkerRecord record) => new(
        record.ID,
        new Dictionary<string, string>(record.Labels, StringComparer.Ordinal),
        [.. record.Platforms.Select(ToPlatform)],
        [.. record.GCPolicy.Select(p => new BuildKitGcPolicy(p.All, TimeSpan.FromTicks(p.KeepDuration / 100), p.ReservedSpace, [.. p.Filters]))],
        record.BuildkitVersion is { } v ? ToVersion(v) : null);

    public static BuildKitVersion ToVersion(Protocol.BuildkitVersion version) => new(version.Package, version.Version, version.Revision);

    public static BuildKitUsageRecord ToUsage(UsageRecord r) => new(
        r.ID,
        r.Mutable,
        r.InUse,
        r.Size,
        r.Parents.Count > 0 ? [.. r.Parents] : string.IsNullOrEmpty(r.Parent) ? [] : [r.Parent],
        ToTime(r.CreatedAt),
        ToTime(r.LastUsedAt),
        r.UsageCount,
        r.Description,
        r.RecordType,
        r.Shared);

    public static Platform ToPlatform(Llb.Platform p) => new()
    {
        OS = p.OS,
        Architecture = p.Architecture,
        Variant = NullIfEmpty(p.Variant),
        OSVersion = NullIfEmpty(p.OSVersion),
        OSFeatures = p.OSFeatures.Count > 0 ? [.. p.OSFeatures] : null,
    };

    private static Digest ToDigest(string text) =>
        Digest.TryParse(text, out var digest)
            ? digest
            : throw new BuildKitProtocolException($"BuildKit's status stream named a vertex '{text}', which is not a digest.");

    private static DateTimeOffset? ToTime(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
