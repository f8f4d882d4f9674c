using System.Diagnostics;
using System.Text.Json;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// What a containerized build needs to know of a project, from <c>dotnet msbuild -getProperty/-getItem</c> on the host
/// (evaluation only, no restore): its target framework, assembly name, SDK flavour, container properties and the
/// project files it references, transitively.
/// </summary>
public sealed record ContainerizedProject
{
    private static readonly string[] PropertyNames =
    [
        "TargetFramework", "AssemblyName", "UsingMicrosoftNETSdkWeb", "SelfContained", "ContainerRepository", "ContainerBaseImage",
        "ContainerSdkImage", "ContainerBuildTrustHostCertificates", "ContainerUser", "ContainerWorkingDirectory",
        "ContainerNodeImage",
    ];

    /// <summary>The project file, absolute.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>Evaluated properties by name (empty when unset).</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>Every project file it references, directly or not, absolute, in the order found.</summary>
    public required IReadOnlyList<string> ProjectReferences { get; init; }

    /// <summary>The project's <c>FrontEndSource</c> items (absolute): what its front-end build reads, when it says so.</summary>
    public IReadOnlyList<string> FrontEndSources { get; init; } = [];

    public string TargetFramework => Get("TargetFramework");

    public string AssemblyName => Get("AssemblyName") is { Length: > 0 } name ? name : Path.GetFileNameWithoutExtension(ProjectPath);

    public bool IsWeb => string.Equals(Get("UsingMicrosoftNETSdkWeb"), "true", StringComparison.OrdinalIgnoreCase);

    public bool SelfContained => string.Equals(Get("SelfContained"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The property's value, or empty.</summary>
    public string Get(string name) => Properties.TryGetValue(name, out var value) ? value.Trim() : "";

    /// <summary>Evaluates <paramref name="projectPath"/> and, one by one, the projects it references.</summary>
    /// <exception cref="ContainerizedBuildException">The project cannot be evaluated, or has several target frameworks.</exception>
    public static async Task<ContainerizedProject> EvaluateAsync(string projectPath, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        ArgumentNullException.ThrowIfNull(environment);
        var full = Path.GetFullPath(projectPath);
        var root = await EvaluateOneAsync(full, PropertyNames, environment, cancellationToken).ConfigureAwait(false);
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
            var evaluated = await EvaluateOneAsync(reference, [], environment, cancellationToken).ConfigureAwait(false);
            foreach (var next in evaluated.References)
            {
                queue.Enqueue(next);
            }
        }

        return new ContainerizedProject { ProjectPath = full, Properties = root.Properties, ProjectReferences = references, FrontEndSources = root.FrontEndSources };
    }

    private static async Task<(Dictionary<string, string> Properties, List<string> References, List<string> FrontEndSources)> EvaluateOneAsync(
        string project, IReadOnlyList<string> properties, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
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

        // Two queries, so the output is always the JSON object (one alone prints a bare value).
        foreach (var name in properties.Count == 0 ? ["MSBuildProjectName"] : properties)
        {
            start.ArgumentList.Add("-getProperty:" + name);
        }

        start.ArgumentList.Add("-getItem:ProjectReference");
        start.ArgumentList.Add("-getItem:FrontEndSource");
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

        return (values, ItemPaths(json.RootElement, "ProjectReference"), ItemPaths(json.RootElement, "FrontEndSource"));
    }

    private static List<string> ItemPaths(JsonElement root, string item)
    {
        var paths = new List<string>();
        if (root.TryGetProperty("Items", out var items) && items.TryGetProperty(item, out var list))
        {
            foreach (var entry in list.EnumerateArray())
            {
                paths.Add(Path.GetFullPath(entry.GetProperty("FullPath").GetString()!));
            }
        }

        return paths;
    }

    // The dotnet that runs this tool when it is one (DOTNET_HOST_PATH), else the one on PATH.
    private static string DotNetHost(IReadOnlyDictionary<string, string?> environment) =>
        environment.TryGetValue("DOTNET_HOST_PATH", out var host) && !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
}
