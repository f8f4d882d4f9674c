using ContainerBuild.Engine.Export;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Exporting;

/// <summary>What the outputs of a build share: registry clients for pushes, the environment for a load, progress.</summary>
public sealed record OutputContext(RegistryClients Clients)
{
    /// <summary>The process environment the host read (DOCKER_HOST, CONTAINER_HOST... for a load).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Byte progress of pushed blobs.</summary>
    public IProgress<BlobProgress>? PushProgress { get; init; }

    /// <summary>Where layers are spooled for docker archives and loads; null for the system temp folder.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>The host's standard output, for outputs written to <c>dest=-</c>; null when the host has none to give.</summary>
    public Stream? StandardOutput { get; init; }
}
