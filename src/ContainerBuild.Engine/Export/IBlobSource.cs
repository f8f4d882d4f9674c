using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>Where an exporter reads an image's blobs (manifests, configs, layers) from, by descriptor.</summary>
public interface IBlobSource
{
    /// <summary>Opens the blob's bytes; the stream verifies them against the descriptor as it is read to its end.</summary>
    Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken);

    /// <summary>The registry repository that holds the blob, when there is one: a push to the same registry mounts it from there.</summary>
    RepositoryAddress? OriginOf(Descriptor descriptor);
}
