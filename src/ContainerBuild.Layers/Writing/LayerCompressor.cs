using System.IO.Compression;
using ContainerBuild.Oci;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace ContainerBuild.Layers;

/// <summary>
/// The compressing stage of the writer, with every header byte fixed. gzip: zlib's level N is
/// <c>gzip -N</c>; the header has mtime 0 and the OS byte pinned to 3 (Unix) on every platform.
/// zstd: one frame with a content checksum (as the zstd CLI writes by default, so <c>zstd -t</c> and
/// readers can verify it), always compressed in zstd's multi-threaded mode: its output is the same
/// for any number of workers from 1 up, so the bytes never depend on the machine's core count, and
/// compression runs beside the tar writer and the hashing instead of on their thread.
/// </summary>
internal static class LayerCompressor
{
    /// <summary>zstd workers: at least one (multi-threaded mode, see above), at most four.</summary>
    public static int DefaultZstdWorkers { get; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    public static Stream Create(Stream destination, LayerCompression compression, int level) =>
        Create(destination, compression, level, DefaultZstdWorkers);

    public static Stream Create(Stream destination, LayerCompression compression, int level, int zstdWorkers) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(
            new GzipHeaderPinningStream(destination),
            new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = ZLibCompressionStrategy.Default },
            leaveOpen: false),
        LayerCompression.Zstd => CreateZstd(destination, level, zstdWorkers),
        LayerCompression.None => new NonClosingStream(destination),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown layer compression."),
    };

    private static CompressionStream CreateZstd(Stream destination, int level, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var stream = new CompressionStream(destination, level, bufferSize: 0, leaveOpen: true);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        stream.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, workers);
        return stream;
    }
}
