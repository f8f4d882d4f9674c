using System.Net.Sockets;

namespace ContainerBuild.Driver.BuildKit.Transport;

/// <summary>Opens streams to unix domain sockets and explains why one could not be opened.</summary>
internal static class UnixSocketDialer
{
    public static async ValueTask<NetworkStream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>True when no daemon listens at the path: the socket file is gone or the connection is refused.</summary>
    public static bool NobodyListens(string path, SocketException error) =>
        !File.Exists(path) || error.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable;

    /// <summary>A sentence on why the connection failed, with what to do about a permission problem.</summary>
    public static string Explain(string path, SocketException error) =>
        error.SocketErrorCode == SocketError.AccessDenied
            ? $"permission denied on {path}: run as a user in the group that owns the socket (for Docker, the `docker` group), or as root"
            : $"{error.Message} ({error.SocketErrorCode})";
}
