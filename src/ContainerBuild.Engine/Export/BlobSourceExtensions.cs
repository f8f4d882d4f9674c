using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Export;

/// <summary>Reading small blobs (manifests, configs) whole.</summary>
public static class BlobSourceExtensions
{
    /// <summary>Manifests and configs larger than this are refused (registries apply the same kind of limit).</summary>
    public const long MaxDocumentBytes = 16 * 1024 * 1024;

    /// <summary>Reads a small blob whole and checks it against the descriptor's digest and size.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(this IBlobSource source, Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Data is { } embedded && embedded.Length == descriptor.Size && Digest.Compute(embedded) == descriptor.Digest)
        {
            return embedded;
        }

        if (descriptor.Size > MaxDocumentBytes)
        {
            throw new ExportException($"The blob {descriptor.Digest} ({descriptor.MediaType}) is {descriptor.Size} bytes, too large for a manifest or config (limit {MaxDocumentBytes}).");
        }

        var stream = await source.OpenAsync(descriptor, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(checked((int)descriptor.Size));
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            if (bytes.Length != descriptor.Size || Digest.Compute(bytes) != descriptor.Digest)
            {
                throw new ExportException($"The blob read for {descriptor.Digest} does not match its descriptor ({descriptor.Size} bytes expected, {bytes.Length} read).");
            }

            return bytes;
        }
    }
}
