using System.Net;
using System.Net.Sockets;
using System.Text;
using ContainerBuild.Engine.Ops;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Tests.Ops;

/// <summary>http(s):// sources (Dockerfile ADD URL) against a real HTTP server on loopback.</summary>
public sealed class HttpSourceTests
{
    [Fact]
    public async Task A_download_is_copied_under_its_name_and_keyed_by_its_content()
    {
        await using var server = await FileServer.StartAsync();
        server.Files["/files/tool.sh"] = "#!/bin/sh\necho one\n";
        using var harness = new OpsHarness();
        State Build() => State.Scratch().CopyStep(State.Http(server.Url("/files/tool.sh"), new HttpOptions { Filename = "tool.sh", Permissions = 0x1ed }), "/tool.sh", "/opt/");

        var first = await harness.SolveAsync(Build());
        Assert.Equal(["d opt 755 0:0", "f opt/tool.sh 755 0:0 [19]"], (await harness.ReadLayerAsync(first.Result.Layers[^1])).Select(i => i.ToString()));

        // The same bytes again: the download runs (nothing says it is unchanged) but the copy is cached.
        var again = await harness.SolveAsync(Build());
        Assert.DoesNotContain("COPY /tool.sh /opt/", again.Ran);

        server.Files["/files/tool.sh"] = "#!/bin/sh\necho two\n";
        Assert.Contains("COPY /tool.sh /opt/", (await harness.SolveAsync(Build())).Ran);
    }

    [Fact]
    public async Task A_checksum_must_match_and_a_stored_match_is_not_downloaded_again()
    {
        await using var server = await FileServer.StartAsync();
        server.Files["/a.txt"] = "content";
        var right = Digest.Compute(Encoding.UTF8.GetBytes("content"));
        var wrong = Digest.Compute(Encoding.UTF8.GetBytes("other"));
        using var harness = new OpsHarness();

        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(
            State.Scratch().CopyStep(State.Http(server.Url("/a.txt"), new HttpOptions { Checksum = wrong }), "/a.txt", "/a.txt")));
        Assert.Contains("does not match the checksum", Assert.IsType<HttpSourceException>(error.InnerException).Message, StringComparison.Ordinal);

        await harness.SolveAsync(State.Scratch().CopyStep(State.Http(server.Url("/a.txt"), new HttpOptions { Checksum = right }), "/a.txt", "/a.txt"));
        var requests = server.Requests;
        server.Files.Clear();
        var solved = await harness.SolveAsync(State.Scratch().CopyStep(State.Http(server.Url("/a.txt"), new HttpOptions { Checksum = right }), "/a.txt", "/b.txt"));
        Assert.Equal(requests, server.Requests);
        Assert.Equal(["f b.txt 600 0:0 [7]"], (await harness.ReadLayerAsync(solved.Result.Layers[^1])).Select(i => i.ToString()));
    }

    [Fact]
    public async Task An_error_status_names_the_url_without_its_query()
    {
        await using var server = await FileServer.StartAsync();
        using var harness = new OpsHarness();

        var error = await Assert.ThrowsAsync<Solver.SolveException>(() => harness.SolveAsync(
            State.Scratch().CopyStep(State.Http(server.Url("/missing?token=secret")), "/missing", "/x")));

        var http = Assert.IsType<HttpSourceException>(error.InnerException);
        Assert.Equal(HttpStatusCode.NotFound, http.Status);
        Assert.DoesNotContain("secret", http.Message, StringComparison.Ordinal);
    }

    /// <summary>Serves <see cref="Files"/> by path over HTTP/1.1 on a loopback port; anything else is 404.</summary>
    private sealed class FileServer : IAsyncDisposable
    {
        private readonly HttpListener listener;
        private readonly Task loop;
        private int requests;

        private FileServer(HttpListener listener, int port)
        {
            this.listener = listener;
            Port = port;
            loop = Task.Run(ServeAsync);
        }

        public System.Collections.Concurrent.ConcurrentDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        public int Port { get; }

        public int Requests => Volatile.Read(ref requests);

        public static Task<FileServer> StartAsync()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            return Task.FromResult(new FileServer(listener, port));
        }

        public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            listener.Close();
            try
            {
                await loop;
            }
            catch (HttpListenerException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref requests);
                using var response = context.Response;
                if (Files.TryGetValue(context.Request.Url!.AbsolutePath, out var text))
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    response.ContentLength64 = bytes.Length;
                    await response.OutputStream.WriteAsync(bytes);
                }
                else
                {
                    response.StatusCode = 404;
                }
            }
        }
    }
}
