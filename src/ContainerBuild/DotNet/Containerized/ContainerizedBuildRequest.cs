using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>A containerized build of a project (<c>dotnet containerbuild build App.csproj</c>), as the host maps it.</summary>
public sealed record ContainerizedBuildRequest
{
    /// <summary>The .csproj or .fsproj file.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>Target platforms; none means linux/amd64.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];

    /// <summary>The registry of the inferred SDK and runtime images (<c>mcr.microsoft.com</c>); the tests use a local one.</summary>
    public string BaseRegistry { get; init; } = "mcr.microsoft.com";

    /// <summary><c>ContainerSdkImage</c> as the host evaluated it; null for the project's, else the inferred one.</summary>
    public string? SdkImage { get; init; }

    /// <summary>
    /// The image's config settings as an MSBuild host already computed and validated them (<c>ComputeContainerConfig</c>:
    /// base image, user, ports, env, labels, app command, annotations, compression); null to compute them from the
    /// project's evaluation (<see cref="ContainerizedImageSettings"/>). Its platforms and files are not read.
    /// </summary>
    public DotNetImageRequest? ImageSettings { get; init; }

    /// <summary>The host's global properties (<c>-p:</c>), given to the project's evaluation so it sees what the host saw.</summary>
    public IReadOnlyDictionary<string, string> GlobalProperties { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>ContainerBuildTrustHostCertificates</c>: mount the host's CA bundle into build steps (default on).</summary>
    public bool? TrustHostCertificates { get; init; }

    /// <summary>Where the host's CA bundle is.</summary>
    public string CertificateBundle { get; init; } = ContainerizedTrust.CertificateBundle;

    public IReadOnlyList<ExportOutput> Outputs { get; init; } = [];

    public bool NoCache { get; init; }

    public bool Pull { get; init; }

    /// <summary>Secrets given on the command line (<c>--secret</c>), besides the ones the build derives.</summary>
    public ExecEngineOptions Exec { get; init; } = new();

    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    public TextWriter? ProgressOutput { get; init; }

    public bool ProgressIsConsole { get; init; }

    public IProgressSink? ProgressSink { get; init; }

    public string? StoreRoot { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The source date; null for SOURCE_DATE_EPOCH, else the git HEAD time, else 0.</summary>
    public DateTimeOffset? SourceDate { get; init; }

    public Stream? StandardOutput { get; init; }
}
