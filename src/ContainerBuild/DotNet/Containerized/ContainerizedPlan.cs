using System.Globalization;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// Everything the containerized build of a project decides before anything runs, rendered both as a graph
/// (<see cref="ContainerizedGraph"/>) and as a Dockerfile (<see cref="ContainerizedDockerfile"/>), so the two say the same:
/// the SDK image on the build platform, the context's include lists, the restore, front-end and publish commands with
/// their mounts, and per target platform the runtime base (pinned), its RID and the app's image config.
/// </summary>
public sealed record ContainerizedPlan
{
    public const string SourceDirectory = "/src";
    public const string OutputDirectory = "/out";
    public const string NuGetPackagesDirectory = "/root/.nuget/packages";
    public const string NpmCacheDirectory = "/root/.npm";
    public const string NuGetCacheId = "nuget";
    public const string NpmCacheId = "npm";
    public const string AptCacheDirectory = "/var/cache/apt";
    public const string AptListsDirectory = "/var/lib/apt";

    /// <summary>The node stage's image when the project names none: Debian, where apt installs node and npm.</summary>
    public const string DefaultNodeImage = "debian:bookworm-slim";

    /// <summary>Debian's node (OpenSSL's store aside) trusts only its own CAs: the host bundle is added through this.</summary>
    public const string NodeExtraCertificatesVariable = "NODE_EXTRA_CA_CERTS";

    public required ContainerizedProject Project { get; init; }

    public required ContainerizedContext Context { get; init; }

    /// <summary>The SDK image, pinned to the digest resolved for the build platform.</summary>
    public required ImageReference SdkImage { get; init; }

    /// <summary>The SDK image as named (for the Dockerfile and progress).</summary>
    public required ImageReference SdkImageName { get; init; }

    /// <summary>The SDK image's env (PATH, DOTNET_*), which every build step runs with.</summary>
    public required IReadOnlyList<string> SdkEnv { get; init; }

    public required Platform BuildPlatform { get; init; }

    /// <summary>The node stage's image pinned for the build platform, when the project has a front end.</summary>
    public ContainerizedNodeImage? NodeImage { get; init; }

    /// <summary>The runtime base as named (label and Dockerfile), without a digest.</summary>
    public required ImageReference BaseImageName { get; init; }

    /// <summary>Build-time secrets and certificates (never in a layer, key or metadata).</summary>
    public required ContainerizedTrust Trust { get; init; }

    public required IReadOnlyList<ContainerizedTarget> Targets { get; init; }

    /// <summary>The config settings the targets' configs were computed from (the host's, or the project's evaluation).</summary>
    public required DotNetImageRequest ImageSettings { get; init; }

    public required DateTimeOffset SourceDate { get; init; }

    /// <summary>The .NET runtime identifier of a platform: <c>linux-x64</c>, <c>linux-arm64</c>, <c>linux-arm</c>.</summary>
    /// <exception cref="ContainerizedBuildException">A platform .NET has no runtime for.</exception>
    public static string RuntimeIdentifierOf(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var arch = platform.Architecture switch
        {
            "amd64" => "x64",
            "arm64" => "arm64",
            "arm" => "arm",
            "386" => "x86",
            "s390x" => "s390x",
            "ppc64le" => "ppc64le",
            "riscv64" => "riscv64",
            _ => throw new ContainerizedBuildException($"The platform {platform} has no .NET runtime identifier: use linux/amd64, linux/arm64 or linux/arm."),
        };
        return platform.OS switch
        {
            "linux" => "linux-" + arch,
            _ => throw new ContainerizedBuildException($"The platform {platform} is not a Linux one: containerized builds make Linux images."),
        };
    }

    /// <summary><c>net10.0</c> as <c>10.0</c>, the tag of the SDK and runtime images.</summary>
    public static string ImageTagOf(string targetFramework)
    {
        ArgumentNullException.ThrowIfNull(targetFramework);
        var version = targetFramework.StartsWith("net", StringComparison.OrdinalIgnoreCase) ? targetFramework[3..] : targetFramework;
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        version = dash < 0 ? version : version[..dash];
        return Version.TryParse(version, out var parsed) && parsed.Major >= 5
            ? string.Create(CultureInfo.InvariantCulture, $"{parsed.Major}.{parsed.Minor}")
            : throw new ContainerizedBuildException($"TargetFramework '{targetFramework}' is not .NET 5 or later: containerized builds need a net5.0+ target, or set ContainerSdkImage and ContainerBaseImage.");
    }

    /// <summary>The restore script for a RID: exports the secret credentials, then <c>dotnet restore -r</c>.</summary>
    public string RestoreScript(string runtimeIdentifier) =>
        Trust.CredentialExports() + $"dotnet restore {Quote(Context.Project)} -r {runtimeIdentifier}";

    /// <summary>Installs node and npm on the node stage's Debian image (apt's caches are mounted, so they stay out of the layer).</summary>
    public const string NodeInstallScript =
        "rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && apt-get install -y --no-install-recommends nodejs npm";

    /// <summary>The front end's install in its folder: <c>npm ci</c>, preferring the cache mount's packages to the registry.</summary>
    public string FrontEndInstallScript(string directory) =>
        Trust.NpmExports() + $"cd {Quote(SourceDirectory + "/" + directory)} && npm ci --no-audit --no-fund --prefer-offline";

    /// <summary>The front end's build: its output folder made, then <c>npm run build</c> when the package has one.</summary>
    public string FrontEndBuildScript(string directory, bool hasBuildScript) =>
        $"mkdir -p {Quote(SourceDirectory + "/" + Context.FrontEndOutput)}"
        + (hasBuildScript ? $" && cd {Quote(SourceDirectory + "/" + directory)} && npm run build" : "");

    /// <summary>The node stage's env: the image's, plus the host's CA bundle for node when it is mounted.</summary>
    public IReadOnlyList<string> NodeEnv =>
        [.. NodeImage?.Env ?? [], .. Trust.HostCertificates is null ? [] : (string[])[$"{NodeExtraCertificatesVariable}={ContainerizedTrust.CertificateBundle}"]];

    /// <summary>
    /// The publish command: no restore, the RID (and the target framework of a multi-targeted project), Release, the
    /// layer split afterwards, and no container publish of its own (a project that sets <c>PublishContainer</c> or
    /// <c>ContainerBuildInContainer</c> would otherwise start one inside the build step).
    /// </summary>
    public string PublishScript(string runtimeIdentifier) =>
        WebRootClamp()
        + $"dotnet publish {Quote(Context.Project)} --no-restore -r {runtimeIdentifier} -c Release -o {OutputDirectory}"
        + (Project.Get("TargetFrameworks").Length > 0 ? $" -f {Quote(Project.TargetFramework)}" : "")
        + $" -p:CustomAfterMicrosoftCommonTargets={LayerSplitTargets.Path} -p:ContainerBuildLayersDir={LayerSplitTargets.LayersDirectory}"
        + " -p:PublishContainer=false -p:ContainerBuildInContainer=false"
        + (HasWebRoot ? $" -p:ContainerBuildSourceDate={SourceDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}" : "")
        + (Context.FrontEndDirectories.Count > 0 ? " -p:SkipFrontEndBuild=true" : "");

    // Whether the project serves static web assets from its web root (its own, or the front end's output).
    private bool HasWebRoot => Context.FrontEndDirectories.Count > 0 || Directory.Exists(Path.Combine(Context.Root, Context.FrontEndOutput));

    // The web root's files dated to the source date first: the static web assets' Last-Modified headers (in the published
    // endpoints manifest) come from them, and a front end's output is dated when its step ran.
    private string WebRootClamp()
    {
        if (!HasWebRoot)
        {
            return "";
        }

        var webRoot = Quote(SourceDirectory + "/" + Context.FrontEndOutput);
        return $"[ ! -d {webRoot} ] || find {webRoot} -exec touch -h -d @{SourceDate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} {{}} + && ";
    }

    // Single quotes unless the path is plain.
    private static string Quote(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>The node stage's image: pinned, as named, its env, and whether node comes from apt (the default Debian image).</summary>
public sealed record ContainerizedNodeImage(ImageReference Pinned, ImageReference Name, IReadOnlyList<string> Env, bool InstallsNode);

/// <summary>One target platform: its RID, the runtime base pinned for it, and the app image's config.</summary>
public sealed record ContainerizedTarget(Platform Platform, string RuntimeIdentifier, ImageReference PinnedBase, DotNetImageConfig Config)
{
    /// <summary>The media type of the base's manifest for this platform (an image keeps the base's format unless told).</summary>
    public MediaType BaseManifestMediaType { get; init; } = MediaType.OciManifest;
}
