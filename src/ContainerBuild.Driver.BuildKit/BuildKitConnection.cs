using System.Net;
using System.Net.Sockets;
using ContainerBuild.Driver.BuildKit.Transport;
using Grpc.Net.Client;

namespace ContainerBuild.Driver.BuildKit;

/// <summary>
/// A gRPC channel to a BuildKit daemon: dockerd's embedded BuildKit (through the Docker API
/// socket), a buildkitd unix socket, or a plain TCP address. Connections open lazily, on the first call.
/// </summary>
public sealed class BuildKitConnection : IDisposable
{
    /// <summary>Where dockerd listens when DOCKER_HOST is not set.</summary>
    public const string DefaultDockerSocket = "/var/run/docker.sock";

    /// <summary>Where a rootful buildkitd listens by default on Linux.</summary>
    public const string DefaultBuildKitSocket = "/run/buildkit/buildkitd.sock";

    private const string UnixScheme = "unix://";
    private const string TcpScheme = "tcp://";

    private BuildKitConnection(string endpoint, Uri address, SocketsHttpHandler handler)
    {
        Endpoint = endpoint;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
    }

    /// <summary>Where the daemon is, for messages: <c>docker unix:///var/run/docker.sock</c>, <c>unix:///run/buildkit/buildkitd.sock</c>, <c>tcp://host:1234</c>.</summary>
    public string Endpoint { get; }

    internal GrpcChannel Channel { get; }

    /// <summary>dockerd's embedded BuildKit, reached by upgrading <c>POST /grpc</c> on the Docker API socket to h2c.</summary>
    public static BuildKitConnection ForDockerSocket(string path = DefaultDockerSocket)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var endpoint = $"docker {UnixScheme}{path}";
        return new BuildKitConnection(endpoint, new Uri("http://docker"), Handler(
            (_, cancellationToken) => DockerGrpcUpgrade.ConnectAsync(path, endpoint, cancellationToken)));
    }

    /// <summary>
    /// dockerd's embedded BuildKit at a DOCKER_HOST value: empty means the default socket, and
    /// <c>unix://PATH</c> a socket path. Other schemes (tcp, ssh, npipe) are not supported yet.
    /// </summary>
    public static BuildKitConnection ForDockerHost(string? dockerHost)
    {
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            return ForDockerSocket();
        }

        if (dockerHost.StartsWith(UnixScheme, StringComparison.Ordinal) && dockerHost.Length > UnixScheme.Length)
        {
            return ForDockerSocket(dockerHost[UnixScheme.Length..]);
        }

        throw new NotSupportedException(
            $"DOCKER_HOST={dockerHost} is not supported: only unix:// sockets reach Docker's BuildKit for now. "
            + "Unset DOCKER_HOST or set it to unix:///var/run/docker.sock.");
    }

    /// <summary>dockerd's embedded BuildKit at <c>$DOCKER_HOST</c>, else at the default socket.</summary>
    public static BuildKitConnection ForDocker() => ForDockerHost(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>A buildkitd listening on a unix socket (path, or <c>unix://PATH</c>), HTTP/2 with prior knowledge.</summary>
    public static BuildKitConnection ForUnixSocket(string path = DefaultBuildKitSocket)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.StartsWith(UnixScheme, StringComparison.Ordinal))
        {
            path = path[UnixScheme.Length..];
        }

        var endpoint = UnixScheme + path;
        return new BuildKitConnection(endpoint, new Uri("http://localhost"), Handler(
            (_, cancellationToken) => ConnectUnixAsync(path, endpoint, cancellationToken)));
    }

    /// <summary>A buildkitd listening on TCP without TLS (<c>host:port</c> or <c>tcp://host:port</c>).</summary>
    public static BuildKitConnection ForTcp(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        var hostPort = address.StartsWith(TcpScheme, StringComparison.Ordinal) ? address[TcpScheme.Length..] : address;
        if (!Uri.TryCreate("http://" + hostPort.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.IsDefaultPort || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"'{address}' is not a TCP address: expected host:port or tcp://host:port.", nameof(address));
        }

        return new BuildKitConnection(TcpScheme + uri.Authority, uri, Handler(null));
    }

    public void Dispose() => Channel.Dispose();

    private static async ValueTask<Stream> ConnectUnixAsync(string path, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await UnixSocketDialer.ConnectAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            var why = UnixSocketDialer.NobodyListens(path, e)
                ? $"nothing listens on {path}; start buildkitd (`sudo buildkitd`) or pass its address (--addr)"
                : UnixSocketDialer.Explain(path, e);
            throw new BuildKitUnreachableException($"BuildKit is unreachable at {endpoint}: {why}.", endpoint, e);
        }
    }

    private static SocketsHttpHandler Handler(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect) => new()
    {
        ConnectCallback = connect,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    };
}
