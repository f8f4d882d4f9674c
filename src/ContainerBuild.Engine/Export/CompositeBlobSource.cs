using System.Collections.Concurrent;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>Blobs from several sources: a digest routed to a source goes there, any other to the fallback.</summary>
public sealed class CompositeBlobSource(IBlobSource fallback) : IBlobSource
{
    private readonly ConcurrentDictionary<Digest, IBlobSource> routes = new();

    /// <summary>Sends reads of <paramref name="digest"/> to <paramref name="source"/> (the first route given wins).</summary>
    public void Route(Digest digest, IBlobSource source) => routes.TryAdd(digest, source);

    public Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return SourceOf(descriptor).OpenAsync(descriptor, cancellationToken);
    }

    public RepositoryAddress? OriginOf(Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return SourceOf(descriptor).OriginOf(descriptor);
    }

    private IBlobSource SourceOf(Descriptor descriptor) => routes.TryGetValue(descriptor.Digest, out var source) ? source : fallback;
}
