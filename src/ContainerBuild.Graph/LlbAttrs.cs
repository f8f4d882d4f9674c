namespace ContainerBuild.Graph;

/// <summary>Source op attr keys (<c>solver/pb/attr.go</c>).</summary>
public static class LlbAttrs
{
    public const string ImageResolveMode = "image.resolvemode";
    public const string ImageRecordType = "image.recordtype";
    public const string ImageLayerLimit = "image.layerlimit";
    public const string LocalSessionId = "local.session";
    public const string LocalUniqueId = "local.unique";
    public const string LocalIncludePatterns = "local.includepattern";
    public const string LocalExcludePatterns = "local.excludepatterns";
    public const string LocalFollowPaths = "local.followpaths";
    public const string LocalSharedKeyHint = "local.sharedkeyhint";
    public const string LocalDiffer = "local.differ";
    public const string HttpChecksum = "http.checksum";
    public const string HttpFilename = "http.filename";
    public const string HttpPerm = "http.perm";
    public const string HttpUid = "http.uid";
    public const string HttpGid = "http.gid";
}
