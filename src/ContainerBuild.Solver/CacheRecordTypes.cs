namespace ContainerBuild.Solver;

/// <summary>Record types as <c>docker buildx du</c> names them.</summary>
public static class CacheRecordTypes
{
    public const string Regular = "regular";
    public const string SourceImage = "source.image";
    public const string SourceLocal = "source.local";
    public const string ExecCacheMount = "exec.cachemount";
    public const string Frontend = "frontend";
    public const string Internal = "internal";
}
