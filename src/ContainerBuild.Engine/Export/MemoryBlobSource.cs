using System.Collections.Concurrent;
using ContainerBuild.Oci;
using ContainerBuild.Registry;

namespace ContainerBuild.Engine.Export;

/// <summary>Blobs held in memory: an index or manifest made just now, a small config.</summary>
public sealed class MemoryBlobSource : IBlobSource
{
    private readonly ConcurrentDictionary<Digest, byte[]> blobs = new();

    /// <summary>Adds bytes and returns their descriptor with <paramref name="mediaType"/>.</summary>
    public Descriptor Add(ReadOnlyMemory<byte> bytes, MediaType mediaType)
    {
        var descriptor = Descriptor.ForContent(bytes.Span, mediaType);
        blobs[descriptor.Digest] = bytes.ToArray();
        return descriptor;
    }

    public bool Contains(Digest digest) => blobs.ContainsKey(digest);

    public Task<Stream> OpenAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return blobs.TryGetValue(descriptor.Digest, out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new ExportException($"The blob {descriptor.Digest} is not among the in-memory blobs of this export.");
    }

    public RepositoryAddress? OriginOf(Descriptor descriptor) => null;
}
