using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContainerBuild.Registry.Tests;

/// <summary>A request as the fake server received it.</summary>
public sealed record FakeRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Path => Target.Split('?')[0];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the fake answers; <see cref="Drop"/> closes the connection without a response.</summary>
public sealed record FakeResponse(int Status, byte[]? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Drop = false, bool OmitContentLength = false)
{
    public static FakeResponse Dropped { get; } = new(0, Drop: true);

    public static FakeResponse Json(int status, string json, params (string Name, string Value)[] headers) =>
        new(status, Encoding.UTF8.GetBytes(json), new Dictionary<string, string>(headers.Select(h => KeyValuePair.Create(h.Name, h.Value)), StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" });

    public static FakeResponse Of(int status, byte[]? body = null, params (string Name, string Value)[] headers) =>
        new(status, body, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));
}

/// <summary>
/// A tiny HTTP/1.1 server on a TcpListener (loopback, ephemeral port) that speaks the real wire
/// format, one request per connection, and records what it received. For the failure modes a real
/// registry will not produce on demand (429, 503, bad digests, redirects to storage).
/// </summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<FakeRequest, FakeResponse> handler;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public FakeHttpServer(Func<FakeRequest, FakeResponse> handler, IPAddress? bind = null)
    {
        this.handler = handler;
        listener = new TcpListener(bind ?? IPAddress.Loopback, 0);
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>host:port, usable as a registry name (loopback, so plain HTTP).</summary>
    public string Address => $"127.0.0.1:{Port}";

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var first = new byte[1];
                if (await stream.ReadAsync(first) == 0)
                {
                    return;
                }

                if (!char.IsAsciiLetterUpper((char)first[0]))
                {
                    // Not HTTP (a TLS hello): answer as a plain HTTP server does, and hang up.
                    await stream.WriteAsync("HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\n"u8.ToArray());
                    return;
                }

                var request = await ReadRequestAsync(stream, first[0]);
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                var response = handler(request);
                if (response.Drop)
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                var body = request.Method == "HEAD" ? [] : response.Body ?? [];
                var head = new StringBuilder();
                head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
                foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                if (!response.OmitContentLength && !(response.Headers?.ContainsKey("Content-Length") ?? false))
                {
                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body?.Length ?? 0}\r\n");
                }

                head.Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                await stream.WriteAsync(body);
                await stream.FlushAsync();
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    private static async Task<FakeRequest?> ReadRequestAsync(NetworkStream stream, byte first)
    {
        var buffer = new List<byte> { first };
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var lengthText) && int.TryParse(lengthText, CultureInfo.InvariantCulture, out var length) && length > 0)
        {
            body = new byte[length];
            await stream.ReadExactlyAsync(body);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(stream);
        }

        return new FakeRequest(parts[0], parts[1], headers, body);
    }

    private static async Task<byte[]> ReadChunkedAsync(NetworkStream stream)
    {
        using var result = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream);
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                await ReadLineAsync(stream);
                return result.ToArray();
            }

            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk);
            result.Write(chunk);
            await ReadLineAsync(stream);
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) > 0)
        {
            if (one[0] == '\n')
            {
                break;
            }

            if (one[0] != '\r')
            {
                bytes.Add(one[0]);
            }
        }

        return Encoding.ASCII.GetString([.. bytes]);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        307 => "Temporary Redirect",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
