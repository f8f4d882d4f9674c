namespace ContainerBuild.Registry;

/// <summary>
/// A chain of credential sources, asked in order; the first that knows the registry wins. Built at
/// the edge from the environment (<see cref="FromEnvironment"/>), never reading it deep inside.
/// </summary>
public sealed class CredentialStore : ICredentialSource
{
    private readonly IReadOnlyList<ICredentialSource> sources;

    public CredentialStore(IEnumerable<ICredentialSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        this.sources = [.. sources];
    }

    /// <summary>No credentials at all: every request is anonymous.</summary>
    public static CredentialStore Anonymous { get; } = new([]);

    /// <summary>
    /// The .NET SDK's variables first, then Docker's config (<c>$DOCKER_CONFIG/config.json</c> or
    /// <c>~/.docker/config.json</c>), then <c>REGISTRY_AUTH_FILE</c>, then Podman's
    /// <c>$XDG_RUNTIME_DIR/containers/auth.json</c>.
    /// </summary>
    /// <param name="environment">The process environment, read by the host.</param>
    /// <param name="pushRegistry">The registry being pushed to, if any: a pull from it may use the push variables too, as the SDK does.</param>
    public static CredentialStore FromEnvironment(IReadOnlyDictionary<string, string?> environment, string? pushRegistry = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var list = new List<ICredentialSource> { new EnvironmentCredentialSource(environment, pushRegistry) };
        foreach (var file in DockerConfigCredentialSource.ConfigFiles(environment))
        {
            list.Add(new DockerConfigCredentialSource(file, environment));
        }

        return new CredentialStore(list);
    }

    public async ValueTask<RegistryCredential?> GetAsync(string registry, RegistryAccess access, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            var credential = await source.GetAsync(registry, access, cancellationToken).ConfigureAwait(false);
            if (credential is not null)
            {
                return credential;
            }
        }

        return null;
    }
}

/// <summary>One fixed credential for one registry (or every registry when <c>registry</c> is null).</summary>
public sealed class StaticCredentialSource(RegistryCredential credential, string? onlyFor = null) : ICredentialSource
{
    public ValueTask<RegistryCredential?> GetAsync(string registry, RegistryAccess access, CancellationToken cancellationToken) =>
        ValueTask.FromResult(onlyFor is null
            || string.Equals(RegistryHostName.NormalizeConfigKey(onlyFor), RegistryHostName.NormalizeConfigKey(registry), StringComparison.Ordinal)
            ? credential
            : null);
}
