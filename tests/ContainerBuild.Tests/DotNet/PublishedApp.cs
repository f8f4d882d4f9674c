using System.Collections.Concurrent;
using System.Text.Json;
using ContainerBuild.DotNet;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.DotNet;

/// <summary>
/// A real <c>dotnet publish</c> of a project: its publish folder, every file in it classified from the metadata of its
/// <c>ResolvedFileToPublish</c> item (files the SDK copies outside that list, such as static web assets, by path).
/// </summary>
public sealed record PublishedApp(string PublishDir, IReadOnlyList<DotNetPublishFile> Files, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Metadata)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<PublishedApp>>> Shared = new(StringComparer.Ordinal);

    // One publish at a time: publishes of one project for several runtimes share its obj/ (project.assets.json).
    private static readonly SemaphoreSlim OnePublish = new(1, 1);

    /// <summary>A folder kept between runs (CB_TEST_DOTNET_ARTIFACTS, for quick reruns), or null for one of this run.</summary>
    public static string? KeptArtifactsRoot { get; } = System.Environment.GetEnvironmentVariable("CB_TEST_DOTNET_ARTIFACTS") is { Length: > 0 } root ? root : null;

    /// <summary>Where publishes keep obj/ and bin/ (and the shared projects their sources); <see cref="PublishArtifacts"/> removes a run's own.</summary>
    public static string ArtifactsRoot { get; } = KeptArtifactsRoot ?? Path.Combine(Path.GetTempPath(), $"cb-test-dotnet-{System.Environment.ProcessId}");

    public static string Sample(string name) => Path.Combine(TestEnvironment.RepositoryRoot, "samples", name);

    /// <summary>One publish of a project per test run, shared by every test that asks for the same project and runtime.</summary>
    public static Task<PublishedApp> SharedAsync(string project, string? runtimeIdentifier = null) =>
        Shared.GetOrAdd($"{project}|{runtimeIdentifier}", _ => new Lazy<Task<PublishedApp>>(
            () => PublishAsync(project, Path.Combine(ArtifactsRoot, "shared"), runtimeIdentifier, CancellationToken.None))).Value;

    /// <summary>Publishes <paramref name="project"/> (Release; self-contained for a runtime identifier) and classifies its files.</summary>
    public static async Task<PublishedApp> PublishAsync(string project, string artifacts, string? runtimeIdentifier, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "publish", project, "-c", "Release", "--artifacts-path", artifacts, "--disable-build-servers", "-nologo",
            .. runtimeIdentifier is null ? [] : (string[])["-r", runtimeIdentifier, "--self-contained"],
            "-getItem:ResolvedFileToPublish", "-getProperty:PublishDir",
        ];
        ProcessResult result;
        await OnePublish.WaitAsync(cancellationToken);
        try
        {
            result = await ProcessRunner.RunAsync("dotnet", arguments, environment: DotnetEnvironment, timeout: TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
        }
        finally
        {
            OnePublish.Release();
        }

        result.EnsureSuccess($"dotnet publish {project}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        var publishDir = document.RootElement.GetProperty("Properties").GetProperty("PublishDir").GetString()!;
        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.GetProperty("Items").GetProperty("ResolvedFileToPublish").EnumerateArray())
        {
            var values = item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase);
            metadata[values["RelativePath"].Replace('\\', '/')] = values;
        }

        var files = Directory.EnumerateFiles(publishDir, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(publishDir, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => new DotNetPublishFile(
                Path.Combine(publishDir, relative),
                relative,
                DotNetLayerClassifier.Classify(relative, metadata.GetValueOrDefault(relative) ?? new Dictionary<string, string>())))
            .ToList();
        return new PublishedApp(publishDir, files, metadata);
    }

    /// <summary>This app's files for one platform of a request.</summary>
    public DotNetImagePlatform For(Platform platform, string runtimeIdentifier = "linux-x64") => new(platform, runtimeIdentifier, Files);

    /// <summary>The same files, read from a copy of the publish folder at <paramref name="directory"/>.</summary>
    public PublishedApp CopyTo(string directory)
    {
        foreach (var file in Files)
        {
            var target = Path.Combine(directory, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file.SourcePath, target, overwrite: true);
        }

        return this with { PublishDir = directory, Files = [.. Files.Select(f => f with { SourcePath = Path.Combine(directory, f.RelativePath) })] };
    }

    private static Dictionary<string, string?> DotnetEnvironment => new(StringComparer.Ordinal)
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
    };
}
