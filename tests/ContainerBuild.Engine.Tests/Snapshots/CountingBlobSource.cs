using System.Collections.Concurrent;
using ContainerBuild.Engine.Export;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Tests.Snapshots;

/// <summary>A blob source that counts how often each blob is opened (each extraction opens its layer once).</summary>
internal sealed class CountingBlobSource(IBlobSource inner) : IBlobSource
{
    private readonly ConcurrentDictionary<Digest, int> opened = new();

    public int Opened(Digest digest) => opened.TryGetValue(digest, out var count) ? count : 0;

    public int TotalOpened => opened.Values.Sum();

    public Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        opened.AddOrUpdate(descriptor.Digest, 1, (_, n) => n + 1);
        return inner.OpenAsync(descriptor, cancellationToken);
    }

    public RepositoryAddress? OriginOf(Descriptor descriptor) => inner.OriginOf(descriptor);
}
