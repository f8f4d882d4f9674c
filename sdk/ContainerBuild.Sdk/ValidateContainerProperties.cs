using ContainerBuild.Oci;
using ContainerBuild.Tasks.Diagnostics;
using ContainerBuild.Tasks.Naming;
using ContainerBuild.Tasks.Publishing;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MsBuildTask = Microsoft.Build.Utilities.Task;

namespace ContainerBuild.Tasks;

/// <summary>
/// <c>ComputeContainerConfig</c>'s checks, before anything is built: the base image reference (split into the SDK's
/// <c>ContainerBase*</c> properties), registry, repository (normalised with a warning), tags, platforms, ports,
/// environment variable names and the values of the few-valued properties. Every rejection is an error with a code.
/// </summary>
public sealed class ValidateContainerProperties : MsBuildTask
{
    public string? FullyQualifiedBaseImageName { get; set; }

    public string? ContainerRegistry { get; set; }

    public string? ContainerRepository { get; set; }

    public string? ContainerImageTag { get; set; }

    public string? ContainerImageTags { get; set; }

    public string? ContainerPlatforms { get; set; }

    public bool UseMusl { get; set; }

    public ITaskItem[] ContainerEnvironmentVariables { get; set; } = [];

    public ITaskItem[] ContainerPorts { get; set; } = [];

    public string? ContainerImageFormat { get; set; }

    public string? LocalRegistry { get; set; }

    public string? ContainerCompression { get; set; }

    public string? ContainerCompressionLevel { get; set; }

    public string? ContainerProgress { get; set; }

    public string? ContainerAppCommandInstruction { get; set; }

    [Output]
    public string ParsedContainerRegistry { get; private set; } = "";

    [Output]
    public string ParsedContainerImage { get; private set; } = "";

    [Output]
    public string ParsedContainerTag { get; private set; } = "";

    [Output]
    public string ParsedContainerDigest { get; private set; } = "";

    [Output]
    public string NewContainerRegistry { get; private set; } = "";

    [Output]
    public string NewContainerRepository { get; private set; } = "";

    [Output]
    public ITaskItem[] NewContainerTags { get; private set; } = [];

    [Output]
    public ITaskItem[] NewContainerEnvironmentVariables { get; private set; } = [];

    /// <summary>One item per platform: the runtime identifier, with metadata <c>Platform</c> (<c>linux/arm64</c>).</summary>
    [Output]
    public ITaskItem[] ContainerPlatformRuntimeIdentifiers { get; private set; } = [];

    public override bool Execute()
    {
        CheckBaseImage();
        CheckRegistry();
        CheckRepository();
        CheckTags();
        CheckPlatforms();
        CheckEnvironmentVariables();
        CheckPorts();
        CheckValues();
        return !Log.HasLoggedErrors;
    }

    private void CheckBaseImage()
    {
        if (string.IsNullOrWhiteSpace(FullyQualifiedBaseImageName))
        {
            Error(DiagnosticCodes.InvalidBaseImage, "No base image: set ContainerBaseImage to the image to build on (such as mcr.microsoft.com/dotnet/runtime:10.0).");
            return;
        }

        try
        {
            var reference = ImageReference.Parse(FullyQualifiedBaseImageName.Trim());
            ParsedContainerRegistry = reference.Registry;
            ParsedContainerImage = reference.Repository;
            ParsedContainerTag = reference.Tag ?? (reference.Digest is null ? ImageReference.DefaultTag : "");
            ParsedContainerDigest = reference.Digest?.ToString() ?? "";
        }
        catch (FormatException e)
        {
            Error(DiagnosticCodes.InvalidBaseImage, "{0} Set ContainerBaseImage to a reference such as mcr.microsoft.com/dotnet/runtime:10.0.", e.Message);
        }
    }

    private void CheckRegistry()
    {
        var registry = ContainerRegistry?.Trim() ?? "";
        if (registry.Length > 0 && (registry.Contains('/', StringComparison.Ordinal) || !ImageReference.TryParse(registry + "/probe", out var parsed) || parsed.Registry != registry))
        {
            Error(DiagnosticCodes.InvalidRegistry,
                "ContainerRegistry '{0}' is not a registry host: give a host with an optional port, such as registry.example.com or 127.0.0.1:5000, and put the repository in ContainerRepository.",
                registry);
            return;
        }

        NewContainerRegistry = registry;
    }

    private void CheckRepository()
    {
        var original = ContainerRepository?.Trim() ?? "";
        var normalized = RepositoryName.Normalize(original);
        if (!RepositoryName.IsValid(normalized, out var problem))
        {
            Error(DiagnosticCodes.InvalidRepository,
                "ContainerRepository '{0}' is not a valid repository name: {1}. Set ContainerRepository to lower-case letters, digits and separators, such as 'my-app' or 'team/my-app'.",
                original, problem);
            return;
        }

        if (!string.Equals(normalized, original, StringComparison.Ordinal))
        {
            Log.LogWarning(null, DiagnosticCodes.RepositoryNormalized, null, null, 0, 0, 0, 0,
                "ContainerRepository '{0}' was changed to '{1}': repository names hold only lower-case letters, digits and '.', '_', '-', '/'. Set ContainerRepository to '{1}' to silence this warning.",
                original, normalized);
        }

        NewContainerRepository = normalized;
    }

    private void CheckTags()
    {
        var single = ContainerImageTag?.Trim() ?? "";
        var list = ContainerImageTags?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (single.Length > 0 && list.Length > 0)
        {
            Error(DiagnosticCodes.InvalidTag, "Both ContainerImageTag and ContainerImageTags are set: set only one (ContainerImageTags takes several tags separated by ';').");
            return;
        }

        var tags = list.Length > 0 ? list : single.Length > 0 ? [single] : [ImageReference.DefaultTag];
        foreach (var tag in tags.Where(t => !ImageTag.IsValid(t)))
        {
            Error(DiagnosticCodes.InvalidTag,
                "'{0}' is not a valid image tag: a tag is 1 to 128 letters, digits, '_', '.' and '-', starting with a letter, digit or '_'. Change ContainerImageTag(s).",
                tag);
        }

        NewContainerTags = [.. tags.Distinct(StringComparer.Ordinal).Select(t => new TaskItem(t))];
    }

    private void CheckPlatforms()
    {
        if (string.IsNullOrWhiteSpace(ContainerPlatforms))
        {
            return;
        }

        try
        {
            ContainerPlatformRuntimeIdentifiers =
            [
                .. ContainerPlatformList.Parse(ContainerPlatforms, UseMusl).Select(e =>
                {
                    var item = new TaskItem(e.RuntimeIdentifier);
                    item.SetMetadata("Platform", e.Platform.ToString());
                    return (ITaskItem)item;
                }),
            ];
        }
        catch (FormatException e)
        {
            Error(DiagnosticCodes.UnknownPlatform, "ContainerPlatforms: {0} Set ContainerPlatforms to platforms such as 'linux/amd64;linux/arm64'.", e.Message);
        }
    }

    private void CheckEnvironmentVariables()
    {
        foreach (var variable in ContainerEnvironmentVariables.Where(v => !ContainerOptions.IsValidEnvironmentVariableName(v.ItemSpec)))
        {
            Error(DiagnosticCodes.InvalidEnvironmentVariable,
                "ContainerEnvironmentVariable '{0}' is not a valid variable name: use letters, digits and '_', not starting with a digit.",
                variable.ItemSpec);
        }

        NewContainerEnvironmentVariables = ContainerEnvironmentVariables;
    }

    private void CheckPorts()
    {
        foreach (var port in ContainerPorts)
        {
            if (!ContainerOptions.TryParsePort(port.ItemSpec, port.GetMetadata("Type"), out _))
            {
                Error(DiagnosticCodes.InvalidPropertyValue,
                    "ContainerPort '{0}' (Type '{1}') is not a port: give a number from 1 to 65535 with Type tcp (the default) or udp.",
                    port.ItemSpec, port.GetMetadata("Type"));
            }
        }
    }

    private void CheckValues()
    {
        if (!ContainerOptions.TryParseImageFormat(ContainerImageFormat, out _))
        {
            Invalid("ContainerImageFormat", ContainerImageFormat, "OCI or Docker (or empty for the base image's format)");
        }

        if (!ContainerOptions.TryParseLocalRegistry(LocalRegistry, out _))
        {
            Invalid("LocalRegistry", LocalRegistry, "Docker or Podman (or empty to detect)");
        }

        if (!ContainerOptions.TryParseCompression(ContainerCompression, out var compression))
        {
            Invalid("ContainerCompression", ContainerCompression, "gzip, zstd or uncompressed");
        }
        else if (!ContainerOptions.TryParseCompressionLevel(ContainerCompressionLevel, compression, out _))
        {
            Invalid("ContainerCompressionLevel", ContainerCompressionLevel, compression == LayerCompression.Zstd ? "a number from 1 to 22 for zstd" : "a number from 0 to 9 for gzip");
        }

        if (!ContainerOptions.TryParseProgress(ContainerProgress, out _))
        {
            Invalid("ContainerProgress", ContainerProgress, "auto, plain, tty, rawjson or quiet");
        }

        if (!ContainerOptions.TryParseAppCommandInstruction(ContainerAppCommandInstruction, out _))
        {
            Invalid("ContainerAppCommandInstruction", ContainerAppCommandInstruction, "Entrypoint, DefaultArgs or None");
        }
    }

    private void Invalid(string property, string? value, string accepted) =>
        Error(DiagnosticCodes.InvalidPropertyValue, "{0} '{1}' is not accepted: set it to {2}.", property, value ?? "", accepted);

    private void Error(string code, string message, params object?[] args) =>
        Log.LogError(null, code, null, null, 0, 0, 0, 0, message, args);
}
