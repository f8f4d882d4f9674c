using ContainerBuild.Oci;

namespace ContainerBuild.Frontend.Dockerfile;

/// <summary>
/// Everything the Dockerfile frontend needs to produce a graph (it never reads the disk or the network itself):
/// the Dockerfile's text, build args, target stage, platforms, the context's .dockerignore patterns, and a resolver
/// for base image configs. The build context is the local source named <see cref="ContextName"/>.
/// </summary>
public sealed record DockerfileConvertRequest
{
    /// <summary>The Dockerfile's text.</summary>
    public required string Dockerfile { get; init; }

    /// <summary>The name parse errors use (<c>Dockerfile</c>, or the path given with <c>-f</c>).</summary>
    public string DockerfileName { get; init; } = "Dockerfile";

    /// <summary>Looks up base images' configs.</summary>
    public required IImageConfigResolver ImageResolver { get; init; }

    /// <summary><c>--build-arg</c>s (including SOURCE_DATE_EPOCH and proxy variables when given).</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>--target</c>; null for the last stage.</summary>
    public string? Target { get; init; }

    /// <summary><c>--platform</c>; empty for <see cref="BuildPlatform"/>. Several give one result each.</summary>
    public IReadOnlyList<Platform> TargetPlatforms { get; init; } = [];

    /// <summary>The platform the build runs on (BUILDPLATFORM).</summary>
    public Platform BuildPlatform { get; init; } = Platform.LinuxAmd64;

    /// <summary><c>--label</c>s, added to the final stage's config.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The local source name of the build context (<c>local://context</c>).</summary>
    public string ContextName { get; init; } = "context";

    /// <summary>Exclude patterns from <c>.dockerignore</c> (or <c>Dockerfile.dockerignore</c>), already read by the host.</summary>
    public IReadOnlyList<string> ContextExcludes { get; init; } = [];

    /// <summary><c>--no-cache-filter</c>: stage names whose ops ignore the cache.</summary>
    public IReadOnlySet<string> NoCacheStages { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>--pull</c>: base images resolve from the registry, never a local copy.</summary>
    public bool ForcePull { get; init; }

    /// <summary><c>--network</c> default for RUN (<c>host</c> unless given).</summary>
    public string? Network { get; init; }
}
