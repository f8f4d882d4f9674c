using System.IO.Compression;
using ContainerBuild.Oci;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace ContainerBuild.Layers;

/// <summary>
/// The compressing stage of the writer, with every header byte fixed. gzip: zlib's level N is
/// <c>gzip -N</c>; the header has mtime 0 and the OS byte pinned to 3 (Unix) on every platform.
/// zstd: one single-threaded frame with a content checksum (as the zstd CLI writes by default, so
/// <c>zstd -t</c> and readers can verify it).
/// </summary>
internal static class LayerCompressor
{
    public static Stream Create(Stream destination, LayerCompression compression, int level) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(
            new GzipHeaderPinningStream(destination),
            new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default },
            leaveOpen: false),
        LayerCompression.Zstd => CreateZstd(destination, level),
        LayerCompression.None => new NonClosingStream(destination),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown layer compression."),
    };

    private static CompressionStream CreateZstd(Stream destination, int level)
    {
        var stream = new CompressionStream(destination, level, bufferSize: 0, leaveOpen: true);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, 0);
        return stream;
    }
}
