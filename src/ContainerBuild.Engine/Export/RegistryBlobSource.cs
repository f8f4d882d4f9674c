using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Blobs of one registry repository, fetched only when something reads them. With a store, each
/// blob is written there (verified) on first read and served from there afterwards.
/// </summary>
public sealed class RegistryBlobSource(RegistryClient client, string repository, ContentStore? cache = null) : IBlobSource
{
    public RepositoryAddress Repository { get; } = new(client.Registry, repository);

    public async Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.MediaType.IsManifest || descriptor.MediaType.IsIndex)
        {
            // Manifests live behind /manifests/, which every registry serves (the blob endpoint need not).
            if (cache is not null && cache.Exists(descriptor.Digest))
            {
                return cache.OpenRead(descriptor.Digest);
            }

            var manifest = await client.GetManifestAsync(repository, descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            if (cache is not null)
            {
                await cache.WriteAsync(manifest.Bytes, manifest.Digest, cancellationToken).ConfigureAwait(false);
            }

            return new MemoryStream(manifest.Bytes.ToArray(), writable: false);
        }

        if (cache is null)
        {
            return await client.OpenBlobAsync(repository, descriptor.Digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
        }

        if (!cache.Exists(descriptor.Digest))
        {
            var remote = await client.OpenBlobAsync(repository, descriptor.Digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
            await using (remote.ConfigureAwait(false))
            {
                await cache.WriteAsync(remote, descriptor.Digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
            }
        }

        return cache.OpenRead(descriptor.Digest);
    }

    public RepositoryAddress? OriginOf(Descriptor descriptor) => Repository;
}
