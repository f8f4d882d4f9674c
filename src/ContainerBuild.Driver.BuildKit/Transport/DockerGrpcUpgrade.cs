using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ContainerBuild.Driver.BuildKit.Transport;

/// <summary>
/// Turns a Docker API connection into BuildKit's gRPC channel: <c>POST /grpc</c> with
/// <c>Upgrade: h2c</c>, expect 101, then the same connection speaks HTTP/2 with prior knowledge
/// (dockerd's <c>/grpc</c> route, as buildx's docker driver dials it).
/// </summary>
internal static class DockerGrpcUpgrade
{
    private const int MaxHeaderBytes = 16 * 1024;

    private static readonly byte[] Request = Encoding.ASCII.GetBytes(
        "POST /grpc HTTP/1.1\r\nHost: docker\r\nUser-Agent: containerbuild\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");

    public static async ValueTask<Stream> ConnectAsync(string socketPath, string endpoint, CancellationToken cancellationToken)
    {
        NetworkStream stream;
        try
        {
            stream = await UnixSocketDialer.ConnectAsync(socketPath, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (UnixSocketDialer.NobodyListens(socketPath, e))
        {
            throw new DockerNotRunningException(socketPath, endpoint, e);
        }
        catch (SocketException e)
        {
            throw new BuildKitUnreachableException($"Cannot connect to the Docker daemon at {endpoint}: {UnixSocketDialer.Explain(socketPath, e)}.", endpoint, e);
        }

        try
        {
            await stream.WriteAsync(Request, cancellationToken).ConfigureAwait(false);
            var header = await ReadHeaderAsync(stream, cancellationToken).ConfigureAwait(false);
            var statusLine = header.Split("\r\n", 2)[0];
            var parts = statusLine.Split(' ', 3);
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                throw new BuildKitUnreachableException($"The Docker daemon at {endpoint} answered POST /grpc with '{statusLine}', which is not HTTP.", endpoint, null);
            }

            if (status != 101)
            {
                throw new BuildKitUnreachableException(
                    $"The Docker daemon at {endpoint} refused to open BuildKit's gRPC endpoint: POST /grpc answered '{statusLine}'. "
                    + "It needs a Docker daemon with BuildKit (18.09 or later, not disabled with \"features\": {\"buildkit\": false}).",
                    endpoint,
                    null);
            }

            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // One byte at a time so nothing past the blank line is consumed: dockerd sends its HTTP/2 SETTINGS right after the 101.
    private static async ValueTask<string> ReadHeaderAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[MaxHeaderBytes];
        var length = 0;
        while (length < 4 || !header.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
        {
            if (length == header.Length)
            {
                throw new BuildKitProtocolException($"The Docker daemon's answer to POST /grpc has a header longer than {MaxHeaderBytes} bytes.");
            }

            var read = await stream.ReadAsync(header.AsMemory(length, 1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The Docker daemon closed the connection after {length} bytes of its answer to POST /grpc.");
            }

            length += read;
        }

        return Encoding.ASCII.GetString(header, 0, length);
    }
}
