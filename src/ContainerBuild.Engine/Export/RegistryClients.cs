using System.Collections.Concurrent;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>One <see cref="RegistryClient"/> per registry, made on first use with the same options, disposed together.</summary>
public sealed class RegistryClients(RegistryClientOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RegistryClient>> clients = new(StringComparer.Ordinal);

    public RegistryClientOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public RegistryClient Get(string registry) =>
        clients.GetOrAdd(registry, r => new Lazy<RegistryClient>(() => new RegistryClient(r, Options))).Value;

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
