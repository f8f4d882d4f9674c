using ContainerBuild.Dockerfile;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Registry;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// What the corpus cases share in one test run: one content store for our builds (base images are fetched and
/// unpacked once), the registry client, and docker's reference images.
/// </summary>
public sealed class ConformanceFixture : IDisposable
{
    private readonly TempDirectory temp = new("cb-conformance");
    private DockerReferenceImages? docker;

    public RegistryClient Registry { get; } = new(TestEnvironment.Registry);

    public DockerReferenceImages Docker(string cli) => docker ??= new DockerReferenceImages(cli, Registry);

    /// <summary>Builds the case with <see cref="DockerfileBuildService"/> into an OCI layout folder; returns the folder and the progress text.</summary>
    public async Task<(string Layout, string Progress)> BuildOursAsync(ConformanceCase @case, IReadOnlyDictionary<string, string> buildArgs, CancellationToken cancellationToken)
    {
        var layout = temp.Combine("ours", @case.Name);
        if (Directory.Exists(layout))
        {
            Directory.Delete(layout, recursive: true);
        }

        var progress = new StringWriter { NewLine = "\n" };
        try
        {
            await new DockerfileBuildService().BuildAsync(
                new DockerfileBuildRequest
                {
                    ContextDirectory = @case.Directory,
                    BuildArgs = buildArgs,
                    Target = @case.Target,
                    Platforms = @case.Platform is { } platform ? [Platform.Parse(platform)] : [],
                    Outputs = [ExportOutputParser.Parse($"type=oci,dest={layout},tar=false")],
                    StoreRoot = temp.Combine("store"),
                    Progress = ProgressMode.Plain,
                    ProgressOutput = progress,
                },
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Our build of the corpus case {@case.Name} failed: {e.Message}\n{progress}", e);
        }

        return (layout, progress.ToString());
    }

    public void Dispose()
    {
        Registry.Dispose();
        temp.Dispose();
    }
}
