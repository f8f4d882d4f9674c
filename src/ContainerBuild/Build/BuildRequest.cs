using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Ops.Exec;
using ContainerBuild.Graph;
using ContainerBuild.Progress;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Build;

/// <summary>
/// Everything one build needs, as hosts (the CLI, the MSBuild tasks, the C# API) map their inputs to it
/// (DESIGN decision 10): the graph per platform, local directories, outputs, cache switches, progress, where the
/// store is, the environment read at the host's edge, and the source date.
/// </summary>
public sealed record BuildRequest
{
    /// <summary>One per platform; several make an index.</summary>
    public required IReadOnlyList<BuildTarget> Targets { get; init; }

    /// <summary>Host directories by the name a <c>local://NAME</c> source gives them.</summary>
    public IReadOnlyDictionary<string, string> LocalDirs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Where the image goes; none keeps it in the store only.</summary>
    public IReadOnlyList<ExportOutput> Outputs { get; init; } = [];

    /// <summary>Look nothing up in the cache (<c>--no-cache</c>); results are still stored.</summary>
    public bool NoCache { get; init; }

    /// <summary>Vertex names whose cache is ignored (<c>--no-cache-filter</c>).</summary>
    public IReadOnlySet<string> NoCacheFilter { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The printer (<c>--progress</c>); <c>auto</c> follows BUILDKIT_PROGRESS in <see cref="Environment"/>.</summary>
    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    /// <summary>Where the printer writes; null for nowhere (then only <see cref="ProgressSink"/> sees events).</summary>
    public TextWriter? ProgressOutput { get; init; }

    /// <summary>Whether <see cref="ProgressOutput"/> is a terminal (auto then means tty).</summary>
    public bool ProgressIsConsole { get; init; }

    /// <summary>Another consumer of the event stream (an MSBuild logger, a metadata writer).</summary>
    public IProgressSink? ProgressSink { get; init; }

    /// <summary>The content store's root; null to place it from <see cref="Environment"/> (CONTAINERBUILD_ROOT, XDG_CACHE_HOME, HOME).</summary>
    public string? StoreRoot { get; init; }

    /// <summary>The process environment, read once by the host: credentials, insecure registries, store root, SOURCE_DATE_EPOCH, progress.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The source date (DESIGN decision 6); null to take SOURCE_DATE_EPOCH from <see cref="Environment"/>, else 0.</summary>
    public DateTimeOffset? SourceDate { get; init; }

    /// <summary>How many ops run at once; null for the processor count.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>How RUN steps run: the runtime, and what the build passes in besides the graph (secrets, ssh agents, proxies).</summary>
    public ExecEngineOptions Exec { get; init; } = new();

    /// <summary>The host's standard output stream, for <c>-o type=tar,dest=-</c>; null when standard output is not the host's to give.</summary>
    public Stream? StandardOutput { get; init; }

    /// <summary>A one-platform request for <paramref name="state"/> (marshalled for its own platform, else linux/amd64).</summary>
    public static BuildRequest ForState(State state, params ExportOutput[] outputs) => new()
    {
        Targets = [BuildTarget.FromState(state)],
        Outputs = outputs,
    };
}
