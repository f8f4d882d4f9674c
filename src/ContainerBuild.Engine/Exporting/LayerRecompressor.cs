using System.IO.Compression;
using ContainerBuild.Engine.Export;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Layers;
using ContainerBuild.Oci;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// Rewrites a layer blob in another compression, keeping its tar byte for byte (the diff id is checked), with the
/// layer writer's settings: gzip with mtime 0 and the OS byte pinned to Unix, zstd with a content checksum in
/// multi-threaded mode, so the result equals what the writer makes from the same tar.
/// </summary>
internal static class LayerRecompressor
{
    private const int GzipOsByteOffset = 9;
    private const byte GzipUnix = 3;

    public static async Task<LayerRef> ConvertAsync(
        LayerRef layer, LayerCompression compression, int? level, ContentStore store, IBlobSource blobs, CancellationToken cancellationToken)
    {
        var effectiveLevel = new LayerWriterOptions { Compression = compression, CompressionLevel = level }.EffectiveCompressionLevel;
        var temp = Path.Combine(Path.GetTempPath(), $"cb-recompress-{Guid.NewGuid():N}");
        try
        {
            var blob = await blobs.OpenAsync(layer.Blob, cancellationToken).ConfigureAwait(false);
            await using (blob.ConfigureAwait(false))
            {
                var (tar, _) = await LayerDecompression.OpenAsync(blob, cancellationToken).ConfigureAwait(false);
                await using (tar.ConfigureAwait(false))
                {
                    var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
                    await using (file.ConfigureAwait(false))
                    {
                        var diffId = await CompressAsync(tar, file, compression, effectiveLevel, cancellationToken).ConfigureAwait(false);
                        if (diffId != layer.DiffId)
                        {
                            throw new LayerDiffIdMismatchException(layer.Digest, layer.DiffId, diffId);
                        }

                        if (compression == LayerCompression.Gzip && file.Length > GzipOsByteOffset)
                        {
                            file.Position = GzipOsByteOffset;
                            file.WriteByte(GzipUnix);
                        }

                        file.Position = 0;
                        var written = await store.WriteAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
                        var descriptor = new Descriptor { MediaType = MediaType.ForLayer(compression, oci: true), Digest = written.Digest, Size = written.Size };
                        return new LayerRef(descriptor, layer.DiffId);
                    }
                }
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<Digest> CompressAsync(Stream tar, Stream destination, LayerCompression compression, int level, CancellationToken cancellationToken)
    {
        using var hasher = Digest.CreateHasher();
        var compressor = compression == LayerCompression.None ? null : Create(destination, compression, level);
        var target = compressor ?? destination;
        try
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Append(buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (compressor is not null)
            {
                await compressor.DisposeAsync().ConfigureAwait(false);
            }
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return hasher.Current();
    }

    private static Stream Create(Stream destination, LayerCompression compression, int level)
    {
        if (compression == LayerCompression.Gzip)
        {
            return new GZipStream(destination, new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default }, leaveOpen: true);
        }

        var zstd = new CompressionStream(destination, level, bufferSize: 0, leaveOpen: true);
        zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        zstd.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, Math.Clamp(Environment.ProcessorCount, 1, 4));
        return zstd;
    }
}
