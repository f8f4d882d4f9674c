using ContainerBuild.Engine.Store;

namespace ContainerBuild;

/// <summary>What <see cref="ImageTools"/> needs from its host: the environment it read at its edge, and optional logging and cache.</summary>
public sealed record ImageToolsOptions
{
    /// <summary>The process environment (credentials: DOTNET_CONTAINER_*_UNAME/PWORD, DOCKER_CONFIG, REGISTRY_AUTH_FILE; DOTNET_CONTAINER_INSECURE_REGISTRIES).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Receives one redacted line per registry request; null for none.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Where blobs copied between registries are cached; null to stream them straight through.</summary>
    public ContentStore? Cache { get; init; }
}
