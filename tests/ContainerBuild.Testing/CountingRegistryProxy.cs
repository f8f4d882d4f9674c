using System.Net;
using System.Net.Sockets;

namespace ContainerBuild.Testing;

/// <summary>
/// A TCP proxy in front of the test registry that counts the bytes clients send through it: what a push really uploads,
/// measured at the registry's door rather than taken from the pusher's own report. The registry builds its upload URLs
/// from the Host header, so clients that talk to the proxy stay on it.
/// </summary>
public sealed class CountingRegistryProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint upstream;
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> connections = [];
    private readonly Task accepting;
    private long sent;

    public CountingRegistryProxy(string upstreamHostPort)
    {
        var colon = upstreamHostPort.LastIndexOf(':');
        upstream = new IPEndPoint(IPAddress.Parse(upstreamHostPort[..colon]), int.Parse(upstreamHostPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>The proxy's address, to use as a registry name (<c>127.0.0.1:PORT</c>).</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Bytes clients sent to the registry (requests, headers and bodies) since the last <see cref="Reset"/>.</summary>
    public long BytesSent => Interlocked.Read(ref sent);

    public void Reset() => Interlocked.Exchange(ref sent, 0);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] open;
        lock (connections)
        {
            open = [.. connections];
        }

        await Task.WhenAll(open.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            lock (connections)
            {
                connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(upstream, stop.Token);
                var toServer = PumpAsync(client.GetStream(), server.GetStream(), count: true, server.Client);
                var toClient = PumpAsync(server.GetStream(), client.GetStream(), count: false, client.Client);
                await Task.WhenAll(toServer, toClient);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A closed connection on either side ends the pair.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool count, Socket target)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
        {
            if (count)
            {
                Interlocked.Add(ref sent, read);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
        }

        target.Shutdown(SocketShutdown.Send);
    }
}
