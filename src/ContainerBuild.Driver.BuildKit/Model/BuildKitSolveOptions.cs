using ContainerBuild.Graph.Pb;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>How to run a solve. The defaults: a fresh job reference, no exporter, no session, no frontend.</summary>
public sealed record BuildKitSolveOptions
{
    /// <summary>The job reference (<c>SolveRequest.Ref</c>); null picks a fresh one.</summary>
    public string? Reference { get; init; }

    /// <summary>What to export; null leaves the result in BuildKit's cache only.</summary>
    public BuildKitExporter? Exporter { get; init; }

    /// <summary>A session ID the daemon calls back into; null runs without one (no local sources, secrets or credentials).</summary>
    public string? Session { get; init; }

    /// <summary>A frontend such as <c>dockerfile.v0</c> to run instead of (or on top of) a raw Definition.</summary>
    public string? Frontend { get; init; }

    /// <summary>The frontend's options, such as <c>filename</c> or <c>build-arg:NAME</c>.</summary>
    public IReadOnlyDictionary<string, string> FrontendAttributes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Definitions handed to the frontend by name (the Dockerfile frontend reads <c>dockerfile</c> and <c>context</c>).</summary>
    public IReadOnlyDictionary<string, Definition> FrontendInputs { get; init; } = new Dictionary<string, Definition>(StringComparer.Ordinal);

    /// <summary>Entitlements the build may use: <c>network.host</c>, <c>security.insecure</c>.</summary>
    public IReadOnlyList<string> Entitlements { get; init; } = [];
}
