using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>Blobs the content store holds (verified on read).</summary>
public sealed class StoreBlobSource(ContentStore store) : IBlobSource
{
    public Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Task.FromResult(store.OpenRead(descriptor.Digest));
    }

    public RepositoryAddress? OriginOf(Descriptor descriptor) => null;
}
