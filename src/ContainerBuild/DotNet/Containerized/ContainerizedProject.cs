using System.Diagnostics;
using System.Text.Json;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// What a containerized build needs to know of a project, from <c>dotnet msbuild -getProperty/-getItem</c> on the host
/// (evaluation only, no restore): its target framework, assembly name, SDK flavour, container properties and items
/// (what <see cref="ContainerizedImageSettings"/> turns into the image config) and the project files it references,
/// transitively.
/// </summary>
public sealed record ContainerizedProject
{
    private static readonly string[] PropertyNames =
    [
        "TargetFramework", "TargetFrameworks", "AssemblyName", "TargetFileName", "UsingMicrosoftNETSdkWeb", "SelfContained", "PublishSelfContained",
        "ContainerRepository", "ContainerImageName", "ContainerBaseImage", "ContainerSdkImage", "ContainerBuildTrustHostCertificates",
        "ContainerUser", "ContainerWorkingDirectory", "ContainerNodeImage", "ContainerAppCommandInstruction", "ContainerAppFilesOwner",
        .. ContainerizedImageSettings.LabelProperties,
    ];

    private static readonly string[] ItemNames =
    [
        "ProjectReference", "FrontEndSource", "ContainerPort", "ContainerEnvironmentVariable", "ContainerLabel", "ContainerAppCommand",
        "ContainerAppCommandArgs", "ContainerDefaultArgs", "ContainerEntrypoint", "ContainerEntrypointArgs", "ContainerRun",
    ];

    /// <summary>The project file, absolute.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>Evaluated properties by name (empty when unset).</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>Every project file it references, directly or not, absolute, in the order found.</summary>
    public required IReadOnlyList<string> ProjectReferences { get; init; }

    /// <summary>The project's <c>FrontEndSource</c> items (absolute): what its front-end build reads, when it says so.</summary>
    public IReadOnlyList<string> FrontEndSources { get; init; } = [];

    /// <summary>The project's container items (<c>ContainerPort</c>, <c>ContainerLabel</c>, ...) by item name, in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ContainerizedItem>> Items { get; init; } = new Dictionary<string, IReadOnlyList<ContainerizedItem>>();

    public string TargetFramework => Get("TargetFramework");

    public string AssemblyName => Get("AssemblyName") is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(ProjectPath);

    public bool IsWeb => string.Equals(Get("UsingMicrosoftNETSdkWeb"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>SelfContained</c>, or <c>PublishSelfContained</c> (the build step publishes).</summary>
    public bool SelfContained =>
        string.Equals(Get("SelfContained"), "true", StringComparison.OrdinalIgnoreCase) || string.Equals(Get("PublishSelfContained"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The property's value, or empty.</summary>
    public string Get(string name) => Properties.TryGetValue(name, out var value) ? value.Trim() : "";

    /// <summary>The items of that name, or none.</summary>
    public IReadOnlyList<ContainerizedItem> ItemsOf(string name) => Items.TryGetValue(name, out var items) ? items : [];

    /// <summary>Evaluates <paramref name="projectPath"/> and, one by one, the projects it references.</summary>
    /// <exception cref="ContainerizedBuildException">The project cannot be evaluated, or has several target frameworks.</exception>
    public static Task<ContainerizedProject> EvaluateAsync(string projectPath, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default) =>
        EvaluateAsync(projectPath, environment, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Evaluates <paramref name="projectPath"/> with <paramref name="globalProperties"/> (the host's <c>-p:</c>) and, one by one, the projects it references.</summary>
    /// <exception cref="ContainerizedBuildException">The project cannot be evaluated, or has several target frameworks.</exception>
    public static async Task<ContainerizedProject> EvaluateAsync(
        string projectPath, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string> globalProperties, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(globalProperties);
        var full = Path.GetFullPath(projectPath);
        var root = await EvaluateOneAsync(full, PropertyNames, ItemNames, environment, globalProperties, cancellationToken).ConfigureAwait(false);
        if (root.Properties.GetValueOrDefault("TargetFramework") is not { Length: > 0 })
        {
            throw new ContainerizedBuildException($"{full} sets no single TargetFramework: a containerized build publishes one target framework; set TargetFramework.");
        }

        var references = new List<string>();
        var queue = new Queue<string>(root.References);
        while (queue.TryDequeue(out var reference))
        {
            if (references.Contains(reference, StringComparer.Ordinal) || string.Equals(reference, full, StringComparison.Ordinal))
            {
                continue;
            }

            references.Add(reference);
            var evaluated = await EvaluateOneAsync(reference, [], ["ProjectReference"], environment, globalProperties, cancellationToken).ConfigureAwait(false);
            foreach (var next in evaluated.References)
            {
                queue.Enqueue(next);
            }
        }

        return new ContainerizedProject
        {
            ProjectPath = full,
            Properties = root.Properties,
            ProjectReferences = references,
            FrontEndSources = root.FrontEndSources,
            Items = root.Items,
        };
    }

    private static async Task<Evaluation> EvaluateOneAsync(
        string project,
        IReadOnlyList<string> properties,
        IReadOnlyList<string> items,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyDictionary<string, string> globalProperties,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(project))
        {
            throw new ContainerizedBuildException($"The project {project} does not exist: give the path of a .csproj or .fsproj file.");
        }

        var start = new ProcessStartInfo(DotNetHost(environment))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(project);
        start.ArgumentList.Add("-nologo");
        foreach (var (name, value) in globalProperties.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            // MSBuild splits a -p: value at ';' and ',' unless escaped.
            start.ArgumentList.Add($"-p:{name}={value.Replace("%", "%25", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal)}");
        }

        // Two queries, so the output is always the JSON object (one alone prints a bare value).
        foreach (var name in properties.Count == 0 ? ["MSBuildProjectName"] : properties)
        {
            start.ArgumentList.Add("-getProperty:" + name);
        }

        foreach (var item in items)
        {
            start.ArgumentList.Add("-getItem:" + item);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new ContainerizedBuildException("dotnet could not be started: install the .NET SDK or put dotnet on PATH.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var text = await output.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var said = (text + await error.ConfigureAwait(false)).Trim();
            throw new ContainerizedBuildException($"dotnet msbuild could not evaluate {project} (exit code {process.ExitCode}): {said}");
        }

        using var json = JsonDocument.Parse(text);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in json.RootElement.GetProperty("Properties").EnumerateObject())
        {
            values[property.Name] = property.Value.GetString() ?? "";
        }

        var found = new Dictionary<string, IReadOnlyList<ContainerizedItem>>(StringComparer.OrdinalIgnoreCase);
        if (json.RootElement.TryGetProperty("Items", out var itemLists))
        {
            foreach (var list in itemLists.EnumerateObject())
            {
                found[list.Name] = [.. list.Value.EnumerateArray().Select(ContainerizedItem.FromJson)];
            }
        }

        return new Evaluation(values, found, Paths(found, "ProjectReference"), Paths(found, "FrontEndSource"));
    }

    private static List<string> Paths(Dictionary<string, IReadOnlyList<ContainerizedItem>> items, string name) =>
        items.TryGetValue(name, out var list) ? [.. list.Select(i => Path.GetFullPath(i.Metadata["FullPath"]))] : [];

    private sealed record Evaluation(
        Dictionary<string, string> Properties, Dictionary<string, IReadOnlyList<ContainerizedItem>> Items, List<string> References, List<string> FrontEndSources);

    // The dotnet that runs this tool when it is one (DOTNET_HOST_PATH), else the one on PATH.
    private static string DotNetHost(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue("DOTNET_HOST_PATH", out var host) && !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
}
