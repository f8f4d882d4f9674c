namespace ContainerBuild.Engine.Export;

/// <summary>Which client loads the image into which daemon.</summary>
public sealed record DockerLoadOptions
{
    /// <summary>The client program: <c>docker</c> (found on PATH), <c>podman</c>, or a full path.</summary>
    public string Client { get; init; } = "docker";

    /// <summary>
    /// Variables for the client on top of this process's own: <c>DOCKER_HOST</c>, <c>DOCKER_CONTEXT</c>,
    /// <c>CONTAINER_HOST</c>... (the host reads them at its edge); a null value removes one.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Which image of an index to load, and where layers are spooled.</summary>
    public DockerArchiveOptions Archive { get; init; } = new();
}
