namespace ContainerBuild.Engine.Tests.Store;

/// <summary>Yields some bytes, then waits (without writing further) until the reader's token is cancelled: a stuck download.</summary>
internal sealed class StallingStream(int bytesBeforeStall) : Stream
{
    private readonly TaskCompletionSource stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool yielded;

    /// <summary>Completes once the first bytes went out and the stream is waiting.</summary>
    public Task Stalled => stalled.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("This stream reads forward only.");

    public override long Position
    {
        get => throw new NotSupportedException("This stream reads forward only.");
        set => throw new NotSupportedException("This stream reads forward only.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!yielded)
        {
            yielded = true;
            var count = Math.Min(buffer.Length, bytesBeforeStall);
            buffer.Span[..count].Fill(0x5A);
            return count;
        }

        stalled.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("This stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("This stream reads forward only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("This stream reads forward only.");
}
