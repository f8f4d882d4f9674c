namespace ContainerBuild.Driver.BuildKit;

/// <summary>One record of BuildKit's cache (<c>UsageRecord</c>), as <c>docker buildx du</c> lists it.</summary>
/// <param name="Id">The record ID.</param>
/// <param name="Mutable">Whether it is a mutable snapshot.</param>
/// <param name="InUse">Whether a build is using it now.</param>
/// <param name="Size">Bytes on disk.</param>
/// <param name="Parents">The records it is built on.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="LastUsedAt">When a build last used it, if ever.</param>
/// <param name="UsageCount">How many times it was used.</param>
/// <param name="Description">What made it, such as the op's name.</param>
/// <param name="RecordType">BuildKit's type: <c>regular</c>, <c>internal</c>, <c>frontend</c>, <c>source.local</c>, <c>source.git.checkout</c>, <c>exec.cachemount</c>.</param>
/// <param name="Shared">Whether other records share its data.</param>
public sealed record BuildKitUsageRecord(
    string Id,
    bool Mutable,
    bool InUse,
    long Size,
    IReadOnlyList<string> Parents,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastUsedAt,
    long UsageCount,
    string Description,
    string RecordType,
    bool Shared);
