using System.Collections.Concurrent;

namespace ContainerBuild.Registry;

/// <summary>
/// One <see cref="RegistryClient"/> per registry (Docker Hub's aliases share one), created on first
/// use with the same options, so connections and tokens are reused across a build. Disposes them all.
/// </summary>
public sealed class RegistryClientPool(RegistryClientOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RegistryClient>> clients = new(StringComparer.Ordinal);

    public RegistryClient Get(string registry)
    {
        RepositoryNames.EnsureRegistry(registry);
        var key = RegistryHostName.NormalizeConfigKey(registry);
        return clients.GetOrAdd(key, _ => new Lazy<RegistryClient>(() => new RegistryClient(registry, options))).Value;
    }

    public RegistryClient Get(RepositoryAddress repository) => Get(repository.Registry);

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        clients.Clear();
    }
}
