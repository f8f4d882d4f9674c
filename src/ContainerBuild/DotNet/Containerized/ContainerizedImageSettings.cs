using System.Globalization;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// The image config settings of a containerized build from the project's evaluation, as ContainerBuild.Sdk's
/// <c>ComputeContainerConfig</c> computes them for the host publish: <c>ContainerWorkingDirectory</c>, <c>ContainerUser</c>,
/// <c>ContainerAppFilesOwner</c>, the app command (<c>ContainerAppCommand</c>, else the obsolete <c>ContainerEntrypoint</c>,
/// else <c>dotnet /app/App.dll</c>, or <c>/app/App</c> when self-contained) with its args and instruction,
/// <c>ContainerPort</c>, <c>ContainerEnvironmentVariable</c>, the generated OCI labels under the
/// <c>ContainerLabel</c> items, and the <c>ContainerRun</c> steps. Evaluation runs no target, so the source-control labels (<c>PublishRepositoryUrl</c>,
/// which need SourceLink's targets) are not generated here.
/// </summary>
public static class ContainerizedImageSettings
{
    /// <summary>The properties the generated labels read (switches and values).</summary>
    public static IReadOnlyList<string> LabelProperties { get; } =
    [
        "ContainerGenerateLabels", "ContainerGenerateLabelsImageCreated", "ContainerGenerateLabelsImageDescription",
        "ContainerGenerateLabelsImageAuthors", "ContainerGenerateLabelsImageUrl", "ContainerGenerateLabelsImageDocumentation",
        "ContainerGenerateLabelsImageVersion", "ContainerGenerateLabelsImageVendor", "ContainerGenerateLabelsImageLicenses",
        "ContainerGenerateLabelsImageTitle", "ContainerGenerateLabelsImageBaseDigest", "ContainerGenerateLabelsImageBaseName",
        "ContainerGenerateLabelsDotnetToolset", "ContainerDescription", "Description", "ContainerAuthors", "Authors",
        "ContainerInformationUrl", "ContainerDocumentationUrl", "PackageProjectUrl", "ContainerVersion", "PackageVersion",
        "ContainerVendor", "ContainerLicenseExpression", "PackageLicenseExpression", "ContainerTitle", "Title",
        "TargetFrameworkIdentifier", "_TargetFrameworkVersionWithoutV",
    ];

    /// <param name="project">The evaluated project.</param>
    /// <param name="baseName">The runtime base as named (the base.name label).</param>
    /// <param name="sourceDate">The source date (the created labels).</param>
    /// <param name="sdkVersion">The .NET SDK that builds the app (the SDK image's <c>DOTNET_SDK_VERSION</c>), if known.</param>
    /// <exception cref="ContainerizedBuildException">A port that is not one, or a <c>ContainerRun</c> item that is not valid.</exception>
    public static DotNetImageRequest From(ContainerizedProject project, ImageReference baseName, DateTimeOffset sourceDate, string? sdkVersion)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(baseName);
        var workingDirectory = project.Get("ContainerWorkingDirectory") is { Length: > 0 } wd ? wd : "/app/";
        var instruction = NonEmpty(project.Get("ContainerAppCommandInstruction"));
        var (command, args) = project.ItemsOf("ContainerEntrypoint").Count > 0
            ? (Identities(project, "ContainerEntrypoint"), Identities(project, "ContainerEntrypointArgs"))
            : (Identities(project, "ContainerAppCommand"), Identities(project, "ContainerAppCommandArgs"));
        if (command.Length == 0 && !string.Equals(instruction, DotNetAppCommand.None, StringComparison.OrdinalIgnoreCase))
        {
            var directory = workingDirectory.EndsWith('/') ? workingDirectory : workingDirectory + "/";
            var fileName = project.Get("TargetFileName") is { Length: > 0 } file ? file : project.AssemblyName + ".dll";
            command = project.SelfContained ? [directory + project.AssemblyName] : ["dotnet", directory + fileName];
        }

        var generate = IsOn(project, "ContainerGenerateLabels");
        return new DotNetImageRequest
        {
            BaseImage = baseName.ToString(),
            Platforms = [],
            Repository = project.Get("ContainerRepository") is { Length: > 0 } repository ? repository
                : project.Get("ContainerImageName") is { Length: > 0 } image ? image
                : project.AssemblyName.ToLowerInvariant(),
            WorkingDirectory = workingDirectory,
            User = NonEmpty(project.Get("ContainerUser")),
            AppFilesOwner = NonEmpty(project.Get("ContainerAppFilesOwner")),
            AppCommand = command,
            AppCommandArgs = args,
            DefaultArgs = Identities(project, "ContainerDefaultArgs"),
            AppCommandInstruction = instruction,
            Ports = [.. project.ItemsOf("ContainerPort").Select(Port)],
            EnvironmentVariables = [.. project.ItemsOf("ContainerEnvironmentVariable").Select(v => new KeyValuePair<string, string>(v.Identity, v.Get("Value")))],
            Labels = Labels(project, generate, sourceDate, sdkVersion),
            GenerateBaseNameLabel = generate && IsOn(project, "ContainerGenerateLabelsImageBaseName"),
            GenerateBaseDigestLabel = generate && IsOn(project, "ContainerGenerateLabelsImageBaseDigest"),
            SourceDate = sourceDate,
            RunSteps = [.. project.ItemsOf("ContainerRun").Select(RunStep)],
        };
    }

    // As ContainerBuild.Sdk reads the item: the Command metadata when set (MSBuild splits an Include at ';'), else the Include.
    private static ContainerRunStep RunStep(ContainerizedItem item)
    {
        var given = item.Get("Command");
        var command = string.IsNullOrWhiteSpace(given) ? item.Identity : given;
        try
        {
            return ContainerRunStep.Parse(
                command,
                mounts: item.Get(nameof(ContainerRunStep.Mounts)),
                user: item.Get(nameof(ContainerRunStep.User)),
                network: item.Get(nameof(ContainerRunStep.Network)),
                workingDirectory: item.Get(nameof(ContainerRunStep.WorkingDirectory)),
                stage: item.Get(nameof(ContainerRunStep.Stage)));
        }
        catch (InvalidContainerRunException e)
        {
            throw new ContainerizedBuildException($"The project's ContainerRun item is not valid: {e.Message}", e);
        }
    }

    // The generated labels first, then the project's ContainerLabel items, which win.
    private static Dictionary<string, string> Labels(ContainerizedProject project, bool generate, DateTimeOffset sourceDate, string? sdkVersion)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (generate)
        {
            void Add(string switchName, string value, params string[] names)
            {
                if (value.Length > 0 && IsOn(project, "ContainerGenerateLabels" + switchName))
                {
                    foreach (var name in names)
                    {
                        labels[name] = value;
                    }
                }
            }

            Add("ImageCreated", sourceDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), "org.opencontainers.image.created", "org.opencontainers.artifact.created");
            Add("ImageDescription", First(project, "ContainerDescription", "Description"), "org.opencontainers.artifact.description", "org.opencontainers.image.description");
            Add("ImageAuthors", First(project, "ContainerAuthors", "Authors"), "org.opencontainers.image.authors");
            Add("ImageUrl", First(project, "ContainerInformationUrl", "PackageProjectUrl"), "org.opencontainers.image.url");
            Add("ImageDocumentation", First(project, "ContainerDocumentationUrl", "PackageProjectUrl"), "org.opencontainers.image.documentation");
            Add("ImageVersion", First(project, "ContainerVersion", "PackageVersion"), "org.opencontainers.image.version");
            Add("ImageVendor", project.Get("ContainerVendor"), "org.opencontainers.image.vendor");
            Add("ImageLicenses", First(project, "ContainerLicenseExpression", "PackageLicenseExpression"), "org.opencontainers.image.licenses");
            Add("ImageTitle", First(project, "ContainerTitle", "Title"), "org.opencontainers.image.title");
            if (string.Equals(project.Get("TargetFrameworkIdentifier"), ".NETCoreApp", StringComparison.OrdinalIgnoreCase))
            {
                Add("DotnetToolset", project.Get("_TargetFrameworkVersionWithoutV"), "net.dot.runtime.majorminor");
            }

            Add("DotnetToolset", sdkVersion ?? "", "net.dot.sdk.version");
        }

        foreach (var label in project.ItemsOf("ContainerLabel"))
        {
            labels[label.Identity] = label.Get("Value");
        }

        return labels;
    }

    private static string Port(ContainerizedItem port)
    {
        var type = port.Get("Type");
        try
        {
            return DotNetImageConfig.NormalizePort(type.Length > 0 ? port.Identity + "/" + type : port.Identity);
        }
        catch (ArgumentException e)
        {
            throw new ContainerizedBuildException(e.Message, e);
        }
    }

    private static string[] Identities(ContainerizedProject project, string item) => [.. project.ItemsOf(item).Select(i => i.Identity)];

    private static string First(ContainerizedProject project, string preferred, string fallback) =>
        project.Get(preferred) is { Length: > 0 } value ? value : project.Get(fallback);

    // A switch is on unless set to false, as the targets default each to true.
    private static bool IsOn(ContainerizedProject project, string name) => !string.Equals(project.Get(name), "false", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string value) => value.Length == 0 ? null : value;
}
