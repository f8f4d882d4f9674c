namespace ContainerBuild.Engine.Tests.Store;

/// <summary>
/// Deterministic pseudo-random bytes of a given length (the same seed gives the same bytes in every process),
/// optionally slowed down so a test can catch a writer in the middle.
/// </summary>
internal sealed class SeededStream(int seed, long length, TimeSpan delayPerRead = default, int maxChunk = 1 << 20) : Stream
{
    private readonly Random random = new(seed);
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("This stream reads forward only.");
    }

    public static byte[] Bytes(int seed, int length)
    {
        var bytes = new byte[length];
        using var stream = new SeededStream(seed, length);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(Math.Min(buffer.Length, maxChunk), length - position);
        random.NextBytes(buffer[..count]);
        position += count;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (delayPerRead > TimeSpan.Zero)
        {
            await Task.Delay(delayPerRead, cancellationToken);
        }

        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("This stream reads forward only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream reads forward only.");
}
