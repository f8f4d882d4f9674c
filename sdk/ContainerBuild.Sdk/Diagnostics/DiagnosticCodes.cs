namespace ContainerBuild.Tasks.Diagnostics;

/// <summary>
/// The stable codes of ContainerBuild's MSBuild diagnostics: 0xx for input we reject before building, 1xx for registries
/// and base images, 2xx for the build and its outputs. A code never changes meaning once shipped.
/// </summary>
public static class DiagnosticCodes
{
    public const string InvalidRepository = "CONTAINERBUILD001";
    public const string RepositoryNormalized = "CONTAINERBUILD002";
    public const string InvalidTag = "CONTAINERBUILD003";
    public const string UnknownPlatform = "CONTAINERBUILD004";
    public const string InvalidBaseImage = "CONTAINERBUILD005";
    public const string InvalidRegistry = "CONTAINERBUILD006";
    public const string InvalidEnvironmentVariable = "CONTAINERBUILD007";
    public const string InvalidPropertyValue = "CONTAINERBUILD008";
    public const string InvalidSourceDateEpoch = "CONTAINERBUILD009";
    public const string MultipleTargetFrameworks = "CONTAINERBUILD010";
    public const string ObsoleteProperty = "CONTAINERBUILD011";
    public const string InvalidContainerRun = "CONTAINERBUILD012";

    public const string RegistryUnreachable = "CONTAINERBUILD101";
    public const string RegistryAuthenticationFailed = "CONTAINERBUILD102";
    public const string RegistryAccessDenied = "CONTAINERBUILD103";
    public const string BaseImageNotFound = "CONTAINERBUILD104";
    public const string BaseImagePlatformMissing = "CONTAINERBUILD105";
    public const string RegistryFailed = "CONTAINERBUILD106";

    public const string PublishOutputMissing = "CONTAINERBUILD201";
    public const string LocalDaemonUnavailable = "CONTAINERBUILD202";
    public const string BuildFailed = "CONTAINERBUILD203";
    public const string Canceled = "CONTAINERBUILD204";
}
