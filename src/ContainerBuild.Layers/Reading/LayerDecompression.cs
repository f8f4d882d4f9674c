using System.IO.Compression;
using ContainerBuild.Oci;
using ZstdSharp;

namespace ContainerBuild.Layers;

/// <summary>Recognises a blob's compression by its magic bytes and opens the tar inside.</summary>
public static class LayerDecompression
{
    /// <summary>gzip (1f 8b), zstd (28 b5 2f fd), or else none.</summary>
    public static LayerCompression Detect(ReadOnlySpan<byte> start) => start switch
    {
        [0x1f, 0x8b, ..] => LayerCompression.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => LayerCompression.Zstd,
        _ => LayerCompression.None,
    };

    /// <summary>Opens the uncompressed tar of <paramref name="blob"/>; disposing the result leaves the blob open.</summary>
    public static async Task<(Stream Tar, LayerCompression Compression)> OpenAsync(Stream blob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var magic = new byte[4];
        var length = 0;
        while (length < magic.Length)
        {
            var read = await blob.ReadAsync(magic.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        var compression = Detect(magic.AsSpan(0, length));
        Stream whole = new PrefixedReadStream(magic.AsMemory(0, length), blob);
        Stream tar = compression switch
        {
            LayerCompression.Gzip => new GZipStream(whole, CompressionMode.Decompress, leaveOpen: false),
            LayerCompression.Zstd => new DecompressionStream(whole, bufferSize: 0, checkEndOfStream: true, leaveOpen: false),
            _ => whole,
        };
        return (tar, compression);
    }
}
