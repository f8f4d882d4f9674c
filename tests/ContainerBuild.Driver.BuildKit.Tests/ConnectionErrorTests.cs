using System.Net;
using System.Net.Sockets;

namespace ContainerBuild.Driver.BuildKit.Tests;

/// <summary>What a caller learns when there is no daemon, or no BuildKit, where it looked.</summary>
public sealed class ConnectionErrorTests
{
    [Fact]
    public async Task A_missing_docker_socket_says_docker_is_not_running_and_how_to_start_it()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "docker.sock");
        using var connection = BuildKitConnection.ForDockerSocket(socket);
        var client = new BuildKitClient(connection);

        var error = await Assert.ThrowsAsync<DockerNotRunningException>(() => client.ListWorkersAsync(TestContext.Current.CancellationToken));

        Assert.Equal(socket, error.SocketPath);
        Assert.Equal($"docker unix://{socket}", error.Endpoint);
        Assert.Contains("Docker is not running", error.Message, StringComparison.Ordinal);
        Assert.Contains("dockerd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_docker_not_running()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "stale.sock");
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(path)); // leaves the socket file behind, with no listener
        }

        using var connection = BuildKitConnection.ForDockerSocket(path);
        var client = new BuildKitClient(connection);

        await Assert.ThrowsAsync<DockerNotRunningException>(() => client.DiskUsageAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_missing_buildkitd_socket_is_unreachable_and_says_how_to_start_buildkitd()
    {
        using var dir = new TempDirectory();
        var socket = Path.Combine(dir.Path, "buildkitd.sock");
        using var connection = BuildKitConnection.ForUnixSocket("unix://" + socket);
        var client = new BuildKitClient(connection);

        var error = await Assert.ThrowsAsync<BuildKitUnreachableException>(() => client.ListWorkersAsync(TestContext.Current.CancellationToken));

        Assert.IsNotType<DockerNotRunningException>(error);
        Assert.Equal("unix://" + socket, error.Endpoint);
        Assert.Contains("buildkitd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_tcp_port_is_unreachable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var connection = BuildKitConnection.ForTcp($"tcp://127.0.0.1:{port}");
        var client = new BuildKitClient(connection);

        var error = await Assert.ThrowsAsync<BuildKitUnreachableException>(() => client.ListWorkersAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"tcp://127.0.0.1:{port}", error.Endpoint);
    }

    [Fact]
    public async Task A_docker_socket_that_is_plain_http_without_grpc_is_unreachable_with_the_status_it_gave()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "not-docker.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync(TestContext.Current.CancellationToken);
            var buffer = new byte[4096];
            await peer.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
            await peer.SendAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        using var connection = BuildKitConnection.ForDockerSocket(path);
        var client = new BuildKitClient(connection);

        var error = await Assert.ThrowsAsync<BuildKitUnreachableException>(() => client.ListWorkersAsync(TestContext.Current.CancellationToken));
        await server;

        Assert.Contains("404 Not Found", error.Message, StringComparison.Ordinal);
        Assert.Contains("POST /grpc", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "docker unix:///var/run/docker.sock")]
    [InlineData("", "docker unix:///var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock", "docker unix:///run/user/1000/docker.sock")]
    public void DOCKER_HOST_values_pick_the_socket(string? dockerHost, string endpoint)
    {
        using var connection = BuildKitConnection.ForDockerHost(dockerHost);
        Assert.Equal(endpoint, connection.Endpoint);
    }

    [Theory]
    [InlineData("tcp://10.0.0.1:2375")]
    [InlineData("ssh://me@host")]
    [InlineData("npipe:////./pipe/docker_engine")]
    public void DOCKER_HOST_schemes_other_than_unix_are_refused_with_what_works(string dockerHost)
    {
        var error = Assert.Throws<NotSupportedException>(() => BuildKitConnection.ForDockerHost(dockerHost));
        Assert.Contains(dockerHost, error.Message, StringComparison.Ordinal);
        Assert.Contains("unix://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:1234", "tcp://127.0.0.1:1234")]
    [InlineData("tcp://buildkit.local:1234", "tcp://buildkit.local:1234")]
    public void Tcp_addresses_with_or_without_the_scheme(string address, string endpoint)
    {
        using var connection = BuildKitConnection.ForTcp(address);
        Assert.Equal(endpoint, connection.Endpoint);
    }

    [Theory]
    [InlineData("buildkit.local")]
    [InlineData("tcp://host:1234/path")]
    public void Tcp_addresses_need_a_port_and_nothing_else(string address) =>
        Assert.Throws<ArgumentException>(() => BuildKitConnection.ForTcp(address));
}
