using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Dockerfile;

/// <summary>
/// One Dockerfile build, as <c>docker buildx build</c>'s flags describe it, with the environment read by the host
/// (DESIGN decision 10). Paths are absolute or relative to the process's working directory.
/// </summary>
public sealed record DockerfileBuildRequest
{
    /// <summary>The build context folder; null for a build without context (<c>PATH</c> given as <c>-</c>).</summary>
    public string? ContextDirectory { get; init; }

    /// <summary><c>-f</c>: the Dockerfile; null for <c>Dockerfile</c> in the context. Unused when <see cref="DockerfileText"/> is given.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary>The Dockerfile's text when the host read it itself (<c>-f -</c>, or <c>-</c> as the context).</summary>
    public string? DockerfileText { get; init; }

    /// <summary><c>--build-arg</c>s. SOURCE_DATE_EPOCH and proxy variables from <see cref="Environment"/> are added unless given here.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>--target</c>; null for the last stage.</summary>
    public string? Target { get; init; }

    /// <summary><c>--platform</c>; empty for the platform the build runs on. Several make an index.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];

    /// <summary><c>--label</c>s for the image config.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where the image goes (<see cref="BuildOutputs"/>); none keeps it in the store.</summary>
    public IReadOnlyList<ExportOutput> Outputs { get; init; } = [];

    /// <summary><c>--no-cache</c>.</summary>
    public bool NoCache { get; init; }

    /// <summary><c>--no-cache-filter</c>: stages whose steps ignore the cache.</summary>
    public IReadOnlySet<string> NoCacheFilter { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>--pull</c>: ask the registry for every base image, never the store's earlier answer.</summary>
    public bool Pull { get; init; }

    /// <summary><c>--network</c> for RUN steps (<c>host</c> or <c>none</c>); null for the default (host).</summary>
    public string? Network { get; init; }

    /// <summary>How RUN steps run: secrets, ssh agents, the insecure entitlement, the runtime. Proxies left null come from <see cref="Environment"/>.</summary>
    public ExecEngineOptions Exec { get; init; } = new();

    /// <summary>The source date when SOURCE_DATE_EPOCH is neither a build arg nor in the environment (the host may pass the git commit time); null for 1970.</summary>
    public DateTimeOffset? FallbackSourceDate { get; init; }

    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    /// <summary>Where the progress printer writes; null for nowhere.</summary>
    public TextWriter? ProgressOutput { get; init; }

    public bool ProgressIsConsole { get; init; }

    /// <summary>Another consumer of the event stream.</summary>
    public IProgressSink? ProgressSink { get; init; }

    /// <summary>The content store's root; null to place it from <see cref="Environment"/>.</summary>
    public string? StoreRoot { get; init; }

    /// <summary>The process environment, read once by the host.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public int? MaxParallelism { get; init; }

    /// <summary>The host's standard output stream, for <c>-o type=tar,dest=-</c>.</summary>
    public Stream? StandardOutput { get; init; }
}
