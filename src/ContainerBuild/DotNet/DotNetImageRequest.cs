using ContainerBuild.Oci;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.DotNet;

/// <summary>
/// What a .NET publish hands to the orchestration (DESIGN decision 10): the published files per platform,
/// classified into layers, and the SDK's container properties already validated and defaulted by the host.
/// <see cref="DotNetImageBuilder"/> turns it into one graph per platform and solves it through
/// <see cref="Build.BuildService"/>; nothing assembles an image beside the solver.
/// </summary>
public sealed record DotNetImageRequest
{
    /// <summary>The base image (<c>ContainerBaseImage</c>, inferred by the host when unset), e.g. <c>mcr.microsoft.com/dotnet/aspnet:10.0</c>.</summary>
    public required string BaseImage { get; init; }

    /// <summary>One entry per platform (<c>ContainerPlatforms</c> / <c>ContainerRuntimeIdentifiers</c>); several make an index.</summary>
    public required IReadOnlyList<DotNetImagePlatform> Platforms { get; init; }

    /// <summary><c>ContainerRepository</c>, already normalised.</summary>
    public required string Repository { get; init; }

    /// <summary><c>ContainerImageTag(s)</c>; <c>latest</c> when none.</summary>
    public IReadOnlyList<string> Tags { get; init; } = ["latest"];

    /// <summary>Where the image goes. None: the local daemon (<see cref="LocalRegistry"/>), as the SDK does.</summary>
    public string? Registry { get; init; }

    /// <summary>
    /// <c>ContainerArchiveOutputPath</c>: a file, or a directory (then <c>&lt;repository&gt;.tar.gz</c> inside; as in the
    /// SDK, a repository with a '/' such as <c>samples/hello</c> gives <c>samples/hello.tar.gz</c> in a sub-folder).
    /// </summary>
    public string? ArchiveOutputPath { get; init; }

    /// <summary><c>LocalRegistry</c>: <c>Docker</c>, <c>Podman</c>, or null to detect.</summary>
    public string? LocalRegistry { get; init; }

    /// <summary><c>ContainerImageFormat</c>: <c>OCI</c>, <c>Docker</c>, or null for the base image's format.</summary>
    public string? ImageFormat { get; init; }

    /// <summary><c>ContainerWorkingDirectory</c>: where the app's files go, and the config's WorkingDir as given (the SDK writes <c>/app/</c>).</summary>
    public string WorkingDirectory { get; init; } = "/app/";

    /// <summary><c>ContainerUser</c>; null for the base image's <c>APP_UID</c> (else the base image's user).</summary>
    public string? User { get; init; }

    /// <summary><c>ContainerAppFilesOwner</c> (<c>uid[:gid]</c> or a name); null for <see cref="User"/>'s resolved id, else root.</summary>
    public string? AppFilesOwner { get; init; }

    /// <summary><c>ContainerAppCommand</c>, <c>ContainerAppCommandArgs</c>, <c>ContainerDefaultArgs</c>.</summary>
    public IReadOnlyList<string> AppCommand { get; init; } = [];

    public IReadOnlyList<string> AppCommandArgs { get; init; } = [];

    public IReadOnlyList<string> DefaultArgs { get; init; } = [];

    /// <summary><c>ContainerAppCommandInstruction</c>: <c>Entrypoint</c> (default), <c>DefaultArgs</c> or <c>None</c>.</summary>
    public string? AppCommandInstruction { get; init; }

    /// <summary><c>ContainerPort</c> items as <c>8080/tcp</c>; the base image's ASPNETCORE_* ports are added by the builder.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    /// <summary><c>ContainerEnvironmentVariable</c> items, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    /// <summary><c>ContainerLabel</c> items plus the generated OCI labels (the host computes them; no wall-clock time).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether the builder adds <c>org.opencontainers.image.base.name</c> (the base as resolved) when <see cref="Labels"/>
    /// has none: <c>ContainerGenerateLabels</c> and <c>ContainerGenerateLabelsImageBaseName</c>.
    /// </summary>
    public bool GenerateBaseNameLabel { get; init; } = true;

    /// <summary>
    /// Whether the builder adds <c>org.opencontainers.image.base.digest</c> (known only once the base is resolved) when
    /// <see cref="Labels"/> has none: <c>ContainerGenerateLabels</c> and <c>ContainerGenerateLabelsImageBaseDigest</c>.
    /// </summary>
    public bool GenerateBaseDigestLabel { get; init; } = true;

    /// <summary><c>ContainerAnnotation</c> items for each manifest, and for the index when there are several platforms.</summary>
    public IReadOnlyDictionary<string, string> ManifestAnnotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> IndexAnnotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>ContainerCompression</c>, <c>ContainerCompressionLevel</c>, <c>ContainerForceCompression</c>.</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    public int? CompressionLevel { get; init; }

    public bool ForceCompression { get; init; }

    /// <summary><c>ContainerBuildInfo</c>: record the base image in the config (BuildKit's minimal build info).</summary>
    public bool BuildInfo { get; init; }

    /// <summary>
    /// <c>ContainerRun</c> items in order: shell commands run in the image's platform, before the app's layers
    /// (<see cref="ContainerRunStage.BeforeApp"/>) or on the image with the app's files (<see cref="ContainerRunStage.AfterApp"/>).
    /// </summary>
    public IReadOnlyList<ContainerRunStep> RunSteps { get; init; } = [];

    /// <summary><c>ContainerSourceDateEpoch</c>, resolved by the host (SOURCE_DATE_EPOCH, else git HEAD time, else 0).</summary>
    public DateTimeOffset SourceDate { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary><c>ContainerProgress</c> (auto, plain, tty, rawjson, quiet) and where it goes.</summary>
    public Progress.ProgressMode Progress { get; init; } = ContainerBuild.Progress.ProgressMode.Auto;

    public TextWriter? ProgressOutput { get; init; }

    public IProgressSink? ProgressSink { get; init; }

    /// <summary>The process environment, read once by the host (credentials, store root, BUILDKIT_PROGRESS, insecure registries).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Ask the registry what the base image's tag points at now (<c>--pull</c>); otherwise the store's earlier answer
    /// is used when it has one, as <c>docker build</c> does. With a <see cref="StagingDirectory"/>, the no-op check asks
    /// for the tag (one HEAD) anyway, and a build after the tag moved pulls it (<see cref="DotNetImageFingerprint"/>).
    /// </summary>
    public bool PullBaseImage { get; init; }

    /// <summary>The content store root; null to place it from <see cref="Environment"/>.</summary>
    public string? StoreRoot { get; init; }

    /// <summary>
    /// Where each layer's files are gathered as hard links (kept between builds, so an unchanged layer is neither re-read
    /// nor repacked), such as the project's <c>obj/</c> folder; null for a folder per repository under the store root.
    /// Given, it also keeps the fingerprint that lets a republish with nothing changed skip the build.
    /// </summary>
    public string? StagingDirectory { get; init; }
}

/// <summary>One platform's publish output: its platform, runtime identifier, and the files in layer order.</summary>
public sealed record DotNetImagePlatform(Platform Platform, string RuntimeIdentifier, IReadOnlyList<DotNetPublishFile> Files);

/// <summary>One published file: where it is on disk, where it goes under the working directory, and its layer.</summary>
public sealed record DotNetPublishFile(string SourcePath, string RelativePath, DotNetLayerKind Layer);

/// <summary>The .NET-aware layers (DESIGN decision 7), in the order they are stacked: what changes least goes lowest.</summary>
public enum DotNetLayerKind
{
    /// <summary>The runtime of a self-contained app: assets of the runtime packs (<c>Microsoft.NETCore.App.Runtime.&lt;rid&gt;</c>, ASP.NET Core's).</summary>
    Runtime,

    /// <summary>Assets of NuGet packages (item metadata <c>NuGetPackageId</c>).</summary>
    Packages,

    /// <summary>Outputs of project references.</summary>
    ProjectReferences,

    /// <summary>Static web assets (<c>wwwroot/</c> and their manifest).</summary>
    StaticWebAssets,

    /// <summary>Everything else: the app's own assembly, config and runtime files.</summary>
    App,
}
