using ContainerBuild.Oci.IO;

namespace ContainerBuild.Engine.Export;

/// <summary>A read-only stream that copies every byte read from its source into a second stream.</summary>
internal sealed class TeeReadStream(Stream source, Stream copy) : ForwardReadStream
{
    public override int Read(Span<byte> buffer)
    {
        var read = source.Read(buffer);
        copy.Write(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        await copy.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
        return read;
    }
}
