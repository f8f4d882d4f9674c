namespace ContainerBuild.Graph;

/// <summary>The capability IDs (<c>solver/pb/caps.go</c>) this graph puts in <c>OpMetadata.caps</c>; a server fails a build that needs one it lacks.</summary>
public static class LlbCaps
{
    public const string SourceImage = "source.image";
    public const string SourceLocal = "source.local";
    public const string SourceHttp = "source.http";
    public const string SourceHttpChecksum = "source.http.checksum";
    public const string SourceHttpPerm = "source.http.perm";
    public const string SourceHttpUidGid = "source.http.uidgid";
    public const string FileBase = "file.base";
    public const string MergeOp = "mergeop";
    public const string DiffOp = "diffop";
    public const string ExecMountCache = "exec.mount.cache";
    public const string ExecMountSecret = "exec.mount.secret";
    public const string ExecMountSsh = "exec.mount.ssh";
    public const string ExecSecretEnv = "exec.secretenv";
    public const string Constraints = "constraints";
    public const string Platform = "platform";
    public const string MetaIgnoreCache = "meta.ignorecache";
    public const string MetaDescription = "meta.description";
}
