using ContainerBuild.Oci;

namespace ContainerBuild.Layers.Tests;

/// <summary>zstd runs multi-threaded; its bytes must not depend on how many workers a machine gives it.</summary>
public sealed class ZstdWorkerTests
{
    [Fact]
    public void Zstd_bytes_are_the_same_for_one_and_four_workers()
    {
        // 24 MiB of compressible, non-repeating data: several of zstd's multi-threaded jobs.
        var input = new byte[24 * 1024 * 1024];
        var random = new Random(1234);
        for (var i = 0; i < input.Length; i += 64)
        {
            var word = (byte)random.Next(0, 16);
            input.AsSpan(i, 64).Fill((byte)('a' + word));
            input[i] = (byte)random.Next(256);
        }

        var one = Compress(input, workers: 1);
        var four = Compress(input, workers: 4);

        Assert.True(one.Length < input.Length / 4, "the data should compress");
        Assert.Equal(Digest.Compute(one), Digest.Compute(four));
    }

    private static byte[] Compress(byte[] input, int workers)
    {
        var output = new MemoryStream();
        using (var zstd = LayerCompressor.Create(output, LayerCompression.Zstd, 3, workers))
        {
            for (var offset = 0; offset < input.Length; offset += 100_000)
            {
                zstd.Write(input, offset, Math.Min(100_000, input.Length - offset));
            }
        }

        return output.ToArray();
    }
}
