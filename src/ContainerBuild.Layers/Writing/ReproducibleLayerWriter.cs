using System.Buffers;
using ContainerBuild.Oci;

namespace ContainerBuild.Layers;

/// <summary>
/// Streams planned entries as tar -> compressor -> destination in one pass and constant memory,
/// hashing the tar (diff id) and the blob (digest, size) on the way.
/// </summary>
internal static class ReproducibleLayerWriter
{
    private const int CopyBufferSize = 256 * 1024;
    private static readonly byte[] Zeros = new byte[TarHeaderWriter.BlockSize * 2];

    public static async Task<BuiltLayer> WriteAsync(IReadOnlyList<PlannedEntry> entries, Stream destination, LayerWriterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var level = options.EffectiveCompressionLevel;
        Digest diffId;
        long uncompressed;
        var blob = new HashingWriteStream(destination, leaveOpen: true);
        await using (blob.ConfigureAwait(false))
        {
            var compressor = LayerCompressor.Create(blob, options.Compression, level);
            var tar = new HashingWriteStream(compressor, leaveOpen: false);
            await using (tar.ConfigureAwait(false))
            {
                await WriteTarAsync(entries, tar, cancellationToken).ConfigureAwait(false);
                diffId = tar.Digest;
                uncompressed = tar.Length;
            }

            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new BuiltLayer(diffId, blob.Digest, blob.Length, MediaType.ForLayer(options.Compression, options.OciMediaTypes), uncompressed);
        }
    }

    private static async Task WriteTarAsync(IReadOnlyList<PlannedEntry> entries, Stream tar, CancellationToken cancellationToken)
    {
        var headers = new ArrayBufferWriter<byte>(TarHeaderWriter.BlockSize * 4);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                headers.ResetWrittenCount();
                TarHeaderWriter.Write(entry, headers);
                await tar.WriteAsync(headers.WrittenMemory, cancellationToken).ConfigureAwait(false);
                if (entry.Type == PlannedType.File && entry.Source is { Length: > 0 } source)
                {
                    await CopyContentAsync(entry.Path, source, tar, buffer, cancellationToken).ConfigureAwait(false);
                    var padding = (int)((TarHeaderWriter.BlockSize - (source.Length % TarHeaderWriter.BlockSize)) % TarHeaderWriter.BlockSize);
                    await tar.WriteAsync(Zeros.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
                }
            }

            await tar.WriteAsync(Zeros, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CopyContentAsync(string path, LayerFileSource source, Stream tar, byte[] buffer, CancellationToken cancellationToken)
    {
        if (source is LayerFileSource.BytesSource bytes)
        {
            await tar.WriteAsync(bytes.Content, cancellationToken).ConfigureAwait(false);
            return;
        }

        var expected = source.Length;
        var content = source.Open();
        await using (content.ConfigureAwait(false))
        {
            var remaining = expected;
            while (remaining > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The content of '{path}' ended after {expected - remaining} of the {expected} bytes it had when the layer was planned; was it changed while the layer was written? Write the layer again.");
                }

                await tar.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }

            if (await content.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
            {
                throw new IOException($"The content of '{path}' grew past the {expected} bytes it had when the layer was planned; was it changed while the layer was written? Write the layer again.");
            }
        }
    }
}
