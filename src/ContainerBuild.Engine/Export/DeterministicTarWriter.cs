using System.Text;

namespace ContainerBuild.Engine.Export;

/// <summary>
/// Writes a plain ustar archive whose bytes depend only on the entries: fixed mtime, owner 0:0, no
/// user names, no PAX records. Enough for layouts and docker archives (short ASCII names, streamed data).
/// </summary>
internal sealed class DeterministicTarWriter(Stream destination)
{
    private const int BlockSize = 512;
    private static readonly byte[] Zeros = new byte[BlockSize * 2];

    public Task AddDirectoryAsync(string name, CancellationToken cancellationToken) =>
        destination.WriteAsync(Header(name.EndsWith('/') ? name : name + "/", 0, '5', 0x1ed), cancellationToken).AsTask();

    public async Task AddFileAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await destination.WriteAsync(Header(name, content.Length, '0', 0x1a4), cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await PadAsync(content.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies exactly <paramref name="length"/> bytes from <paramref name="content"/>; fewer or more is an error.</summary>
    public async Task AddFileAsync(string name, Stream content, long length, CancellationToken cancellationToken)
    {
        await destination.WriteAsync(Header(name, length, '0', 0x1a4), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copied + read > length)
            {
                throw new ExportException($"'{name}' yielded more than the {length} bytes its descriptor states.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            copied += read;
        }

        if (copied != length)
        {
            throw new ExportException($"'{name}' yielded {copied} bytes, not the {length} its descriptor states.");
        }

        await PadAsync(length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The two zero blocks that end an archive.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await destination.WriteAsync(Zeros, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task PadAsync(long length, CancellationToken cancellationToken)
    {
        var rest = (int)(length % BlockSize);
        return rest == 0 ? Task.CompletedTask : destination.WriteAsync(Zeros.AsMemory(0, BlockSize - rest), cancellationToken).AsTask();
    }

    private static byte[] Header(string name, long size, char type, int mode)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length > 100 || Encoding.ASCII.GetString(nameBytes) != name)
        {
            throw new ArgumentException($"'{name}' does not fit a ustar name (ASCII, at most 100 bytes).", nameof(name));
        }

        var header = new byte[BlockSize];
        nameBytes.CopyTo(header, 0);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        if (size < 8L * 1024 * 1024 * 1024)
        {
            Octal(header, 124, 12, size);
        }
        else
        {
            // GNU base-256 for sizes octal cannot hold: high bit set, big-endian value.
            header[124] = 0x80;
            for (var i = 0; i < 8; i++)
            {
                header[135 - i] = (byte)(size >> (8 * i));
            }
        }

        Octal(header, 136, 12, 0);
        header[156] = (byte)type;
        "ustar\000"u8.CopyTo(header.AsSpan(257));
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Octal(header, 148, 7, sum);
        header[155] = (byte)' ';
        return header;
    }

    // Zero-padded octal of width-1 digits and a NUL, as GNU tar writes.
    private static void Octal(byte[] header, int offset, int width, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Encoding.ASCII.GetBytes(text, header.AsSpan(offset));
        header[offset + width - 1] = 0;
    }
}
