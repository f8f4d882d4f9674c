using System.Collections;
using System.Globalization;
using System.Text;
using ContainerBuild.DotNet;
using ContainerBuild.Oci;
using ContainerBuild.Tasks.Diagnostics;
using ContainerBuild.Tasks.Logging;
using ContainerBuild.Tasks.Publishing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MsBuildTask = Microsoft.Build.Utilities.Task;

namespace ContainerBuild.Tasks;

/// <summary>
/// <c>PublishContainer</c>'s one call into the orchestration (DESIGN decision 10): the validated container properties
/// and every platform's publish items become one <see cref="DotNetImageRequest"/>, <see cref="DotNetImageBuilder"/>
/// builds and sends it, and the result comes back as the SDK's <c>GeneratedContainer*</c> outputs. Typed failures
/// become coded errors (<see cref="BuildErrorDescriber"/>).
/// </summary>
public sealed partial class CreateContainerImage : MsBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource cancel = new();

    [Required]
    public string BaseImage { get; set; } = "";

    [Required]
    public string Repository { get; set; } = "";

    public ITaskItem[] ImageTags { get; set; } = [];

    public string? OutputRegistry { get; set; }

    public string? ArchiveOutputPath { get; set; }

    public string? LocalRegistry { get; set; }

    public string? ImageFormat { get; set; }

    public string? WorkingDirectory { get; set; }

    public string? ContainerUser { get; set; }

    public string? AppFilesOwner { get; set; }

    public ITaskItem[] AppCommand { get; set; } = [];

    public ITaskItem[] AppCommandArgs { get; set; } = [];

    public ITaskItem[] DefaultArgs { get; set; } = [];

    public string? AppCommandInstruction { get; set; }

    /// <summary>The deprecated <c>ContainerEntrypoint</c>/<c>ContainerEntrypointArgs</c>; they stand in for the app command.</summary>
    public ITaskItem[] Entrypoint { get; set; } = [];

    public ITaskItem[] EntrypointArgs { get; set; } = [];

    /// <summary><c>ContainerPort</c> items with metadata <c>Type</c>.</summary>
    public ITaskItem[] ExposedPorts { get; set; } = [];

    /// <summary><c>ContainerEnvironmentVariable</c> items with metadata <c>Value</c>.</summary>
    public ITaskItem[] ContainerEnvironmentVariables { get; set; } = [];

    /// <summary><c>ContainerLabel</c> items with <c>Value</c>; generated ones carry <c>Generated=true</c> and yield to the user's.</summary>
    public ITaskItem[] Labels { get; set; } = [];

    /// <summary><c>ContainerAnnotation</c> items with <c>Value</c> and <c>Target</c> (manifest, index, or both when empty).</summary>
    public ITaskItem[] Annotations { get; set; } = [];

    public string? Compression { get; set; }

    public string? CompressionLevel { get; set; }

    public bool ForceCompression { get; set; }

    public bool BuildInfo { get; set; }

    public string? SourceDateEpoch { get; set; }

    /// <summary>
    /// <c>ContainerGenerateLabels</c> and <c>ContainerGenerateLabelsImageBaseDigest</c>: whether the builder adds
    /// <c>org.opencontainers.image.base.digest</c> (known only once the base is resolved).
    /// </summary>
    public bool GenerateBaseDigestLabel { get; set; } = true;

    /// <summary>
    /// <c>ContainerGenerateLabels</c> and <c>ContainerGenerateLabelsImageBaseName</c>: whether the builder adds
    /// <c>org.opencontainers.image.base.name</c> when no <c>ContainerLabel</c> item carries it.
    /// </summary>
    public bool GenerateBaseNameLabel { get; set; } = true;

    public string? Progress { get; set; }

    /// <summary>The platforms (runtime identifier, metadata <c>Platform</c>); empty for <see cref="ContainerRuntimeIdentifier"/> alone.</summary>
    public ITaskItem[] Platforms { get; set; } = [];

    public string? ContainerRuntimeIdentifier { get; set; }

    /// <summary>Every platform's publish items: the file on disk, metadata <c>RelativePath</c>, <c>ContainerRuntimeIdentifier</c>, and the publish item's own.</summary>
    public ITaskItem[] PublishFiles { get; set; } = [];

    /// <summary>The content store root; empty to place it from the environment (CONTAINERBUILD_ROOT, XDG_CACHE_HOME).</summary>
    public string? StoreRoot { get; set; }

    /// <summary>Where each layer's files are gathered between publishes (the project's obj/ folder), so an unchanged layer is not repacked.</summary>
    public string? StagingDirectory { get; set; }

    /// <summary><c>ContainerRun</c> items: shell commands run in the image (see <see cref="ContainerRunItems"/>).</summary>
    public ITaskItem[] ContainerRun { get; set; } = [];

    [Output]
    public string GeneratedContainerManifest { get; private set; } = "";

    [Output]
    public string GeneratedContainerConfiguration { get; private set; } = "";

    [Output]
    public string GeneratedContainerDigest { get; private set; } = "";

    [Output]
    public string GeneratedContainerMediaType { get; private set; } = "";

    [Output]
    public string GeneratedArchiveOutputPath { get; private set; } = "";

    [Output]
    public string GeneratedImageIndex { get; private set; } = "";

    [Output]
    public ITaskItem[] GeneratedContainerNames { get; private set; } = [];

    /// <summary>One item per platform's manifest (the targets' <c>GeneratedContainerPlatform</c>): <c>ManifestDigest</c>, <c>ManifestMediaType</c>, <c>Platform</c>, <c>RuntimeIdentifier</c>.</summary>
    [Output]
    public ITaskItem[] GeneratedContainers { get; private set; } = [];

    public void Cancel() => cancel.Cancel();

    public override bool Execute()
    {
        var environment = ReadEnvironment();
        ImageReference.TryParse(BaseImage, out var baseReference);
        var describer = new BuildErrorDescriber(baseReference, environment);
        DotNetImageRequest request;
        try
        {
            request = CreateRequest(environment);
        }
        catch (FormatException e)
        {
            Log.LogError(null, DiagnosticCodes.InvalidPropertyValue, null, null, 0, 0, 0, 0, "{0}", e.Message);
            return false;
        }
        catch (FileNotFoundException e)
        {
            Log.LogError(null, DiagnosticCodes.PublishOutputMissing, null, null, 0, 0, 0, 0,
                "{0} Publish the project first: dotnet publish -p:PublishContainer=true.", e.Message);
            return false;
        }

        if (Log.HasLoggedErrors)
        {
            return false;
        }

        Log.LogMessage(MessageImportance.High, "Building image '{0}' with tags '{1}' on top of base image '{2}' for {3}.",
            request.Repository, string.Join(", ", request.Tags), request.BaseImage, string.Join(", ", request.Platforms.Select(p => p.Platform.ToString())));
        using var progress = new MsBuildLogWriter(Log);
        try
        {
            var result = InContainer
                ? BuildInContainer(request with { ProgressOutput = progress })
                : new DotNetImageBuilder().BuildAsync(request with { ProgressOutput = progress }, cancel.Token).GetAwaiter().GetResult();
            progress.Flush();
            SetOutputs(result, request);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not StackOverflowException)
        {
            progress.Flush();
            var diagnostic = describer.Describe(e);
            Log.LogError(null, diagnostic.Code, null, null, 0, 0, 0, 0, "{0}", diagnostic.Message);
            Log.LogMessage(MessageImportance.Low, "{0}", e.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    private DotNetImageRequest CreateRequest(IReadOnlyDictionary<string, string?> environment)
    {
        if (!ContainerOptions.TryParseCompression(Compression, out var compression)
            || !ContainerOptions.TryParseCompressionLevel(CompressionLevel, compression, out var level)
            || !ContainerOptions.TryParseProgress(Progress, out var progressMode)
            || !ContainerOptions.TryParseImageFormat(ImageFormat, out var format)
            || !ContainerOptions.TryParseLocalRegistry(LocalRegistry, out var localRegistry)
            || !ContainerOptions.TryParseAppCommandInstruction(AppCommandInstruction, out var instruction))
        {
            throw new FormatException("A container property has a value ContainerBuild does not accept; ComputeContainerConfig names it.");
        }

        // Settled by ResolveContainerSourceDate in ComputeContainerConfig.
        var seconds = long.TryParse(SourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0;
        var (appCommand, appCommandArgs) = (Values(AppCommand), Values(AppCommandArgs));
        if (Entrypoint.Length > 0)
        {
            Log.LogWarning(null, DiagnosticCodes.ObsoleteProperty, null, null, 0, 0, 0, 0,
                "ContainerEntrypoint and ContainerEntrypointArgs are obsolete: use ContainerAppCommand and ContainerAppCommandArgs (they are used in their place now).");
            (appCommand, appCommandArgs) = (Values(Entrypoint), Values(EntrypointArgs));
        }

        return new DotNetImageRequest
        {
            BaseImage = BaseImage.Trim(),
            Platforms = InContainer ? CreatePlatformsInContainer() : CreatePlatforms(),
            Repository = Repository,
            Tags = ImageTags.Length == 0 ? [ImageReference.DefaultTag] : Values(ImageTags),
            Registry = Blank(OutputRegistry),
            ArchiveOutputPath = Blank(ArchiveOutputPath),
            LocalRegistry = localRegistry,
            ImageFormat = format,
            WorkingDirectory = Blank(WorkingDirectory) ?? "/app/",
            User = Blank(ContainerUser),
            AppFilesOwner = Blank(AppFilesOwner),
            AppCommand = appCommand,
            AppCommandArgs = appCommandArgs,
            DefaultArgs = Values(DefaultArgs),
            AppCommandInstruction = instruction,
            Ports = [.. ExposedPorts.Select(p => ContainerOptions.TryParsePort(p.ItemSpec, p.GetMetadata("Type"), out var exposed)
                ? exposed
                : throw new FormatException($"ContainerPort '{p.ItemSpec}' is not a port number from 1 to 65535 with Type tcp or udp."))],
            EnvironmentVariables = [.. ContainerEnvironmentVariables.Select(v => new KeyValuePair<string, string>(v.ItemSpec, v.GetMetadata("Value")))],
            Labels = CreateLabels(),
            GenerateBaseNameLabel = GenerateBaseNameLabel,
            GenerateBaseDigestLabel = GenerateBaseDigestLabel,
            ManifestAnnotations = CreateAnnotations("manifest"),
            IndexAnnotations = CreateAnnotations("index"),
            Compression = compression,
            CompressionLevel = level,
            ForceCompression = ForceCompression,
            BuildInfo = BuildInfo,
            SourceDate = DateTimeOffset.FromUnixTimeSeconds(seconds),
            Progress = progressMode,
            Environment = environment,
            StoreRoot = Blank(StoreRoot),
            StagingDirectory = Blank(StagingDirectory),
            RunSteps = ContainerRunItems.Read(ContainerRun, Log),
        };
    }

    private List<DotNetImagePlatform> CreatePlatforms()
    {
        var rid = string.IsNullOrWhiteSpace(ContainerRuntimeIdentifier) ? "linux-x64" : ContainerRuntimeIdentifier.Trim();
        List<(string Rid, Platform Platform)> platforms = Platforms.Length > 0
            ? [.. Platforms.Select(p => (p.ItemSpec, PlatformOf(p)))]
            : [(rid, Platform.FromRuntimeIdentifier(rid))];
        var result = new List<DotNetImagePlatform>();
        foreach (var (platformRid, platform) in platforms)
        {
            // One platform takes the one publish there was; several take each their own RID's publish.
            var items = platforms.Count == 1
                ? PublishFiles
                : PublishFiles.Where(f => string.Equals(f.GetMetadata(PublishFileMapper.RuntimeIdentifierMetadata), platformRid, StringComparison.OrdinalIgnoreCase));
            var files = new List<DotNetPublishFile>();
            foreach (var item in items)
            {
                if (!File.Exists(item.ItemSpec))
                {
                    throw new FileNotFoundException($"The published file {item.ItemSpec} ({item.GetMetadata("RelativePath")}) for {platformRid} does not exist.", item.ItemSpec);
                }

                files.Add(PublishFileMapper.ToPublishFile(item));
            }

            if (files.Count == 0)
            {
                throw new FileNotFoundException($"No published files were found for {platformRid}.");
            }

            result.Add(new DotNetImagePlatform(platform, platformRid, PublishFileMapper.InLayerOrder(files)));
        }

        return result;
    }

    private static Platform PlatformOf(ITaskItem platform) =>
        platform.GetMetadata("Platform") is { Length: > 0 } name ? Platform.Parse(name) : Platform.FromRuntimeIdentifier(platform.ItemSpec);

    private Dictionary<string, string> CreateLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in Labels.Where(l => IsTrue(l.GetMetadata("Generated"))).Concat(Labels.Where(l => !IsTrue(l.GetMetadata("Generated")))))
        {
            labels[label.ItemSpec] = label.GetMetadata("Value");
        }

        return labels;
    }

    private Dictionary<string, string> CreateAnnotations(string target)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var annotation in Annotations)
        {
            var targets = annotation.GetMetadata("Target").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (targets.Length == 0 || targets.Contains(target, StringComparer.OrdinalIgnoreCase))
            {
                annotations[annotation.ItemSpec] = annotation.GetMetadata("Value");
            }
        }

        return annotations;
    }

    private void SetOutputs(DotNetImageResult result, DotNetImageRequest request)
    {
        GeneratedContainerManifest = result.ManifestJson;
        GeneratedContainerConfiguration = result.ConfigJson;
        GeneratedContainerDigest = result.Digest.ToString();
        GeneratedContainerMediaType = result.MediaType;
        GeneratedArchiveOutputPath = result.ArchiveOutputPath ?? "";
        GeneratedContainerNames = [.. result.Names.Select(n => new TaskItem(n))];
        GeneratedContainers =
        [
            .. result.Build.Manifests.Select(m =>
            {
                var item = new TaskItem("GeneratedContainer");
                item.SetMetadata("ManifestDigest", m.Manifest.Digest.ToString());
                item.SetMetadata("ManifestMediaType", m.Manifest.MediaType.ToString());
                item.SetMetadata("Platform", m.Platform.ToString());
                item.SetMetadata("RuntimeIdentifier", request.Platforms.FirstOrDefault(p => p.Platform.Matches(m.Platform))?.RuntimeIdentifier ?? "");
                return (ITaskItem)item;
            }),
        ];
        if (request.Platforms.Count > 1)
        {
            GeneratedImageIndex = result.RootJson ?? ReadRoot(result);
        }

        var where = result.ArchiveOutputPath is { Length: > 0 } archive ? $"into {archive}"
            : request.Registry is { } registry ? $"to registry '{registry}'"
            : $"into the local {request.LocalRegistry ?? "daemon"}";
        if (result.FingerprintNote is { } note)
        {
            Log.LogMessage(result.Unchanged ? MessageImportance.High : MessageImportance.Low, "{0}", note);
        }

        Log.LogMessage(MessageImportance.High, "Pushed image '{0}' {1} ({2}).", string.Join("', '", result.Names), where, result.Digest);
    }

    // The index JSON for GeneratedImageIndex, read back from the blob source the build exported from.
    private string ReadRoot(DotNetImageResult result)
    {
        try
        {
            var image = result.Build.Outputs[0].Image;
            using var stream = image.Blobs.OpenAsync(image.Root, cancel.Token).GetAwaiter().GetResult();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (IOException e)
        {
            Log.LogMessage(MessageImportance.Low, "GeneratedImageIndex is empty: the index could not be read back ({0}).", e.Message);
            return "";
        }
    }

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }

        return environment;
    }

    private static string[] Values(ITaskItem[] items) => [.. items.Select(i => i.ItemSpec)];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
