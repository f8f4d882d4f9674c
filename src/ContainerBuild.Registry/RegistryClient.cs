using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;

namespace ContainerBuild.Registry;

/// <summary>
/// A client of one registry host (OCI distribution spec): resolve, pull and push manifests and
/// blobs. Its HTTP behaviour is a stack of one-concern handlers (retry, authentication, user agent,
/// redacted log) over one pooled <see cref="SocketsHttpHandler"/> that follows redirects to storage
/// and drops the Authorization header when it does. Thread-safe; share one per registry.
/// </summary>
/// <remarks>
/// Scheme: plain HTTP for loopback (localhost, 127.0.0.0/8, ::1), as Docker and the .NET SDK do.
/// For a registry listed as insecure: HTTPS without certificate verification first, and HTTP when
/// HTTPS cannot connect (Docker's rule), decided once by a probe of <c>/v2/</c>. Else HTTPS.
/// </remarks>
public sealed partial class RegistryClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue[] ManifestAccept =
    [
        new(Oci.MediaType.OciManifest.Value),
        new(Oci.MediaType.OciIndex.Value),
        new(Oci.MediaType.DockerManifest.Value),
        new(Oci.MediaType.DockerManifestList.Value),
    ];

    private readonly RegistryClientOptions options;
    private readonly HttpClient http;
    private readonly bool insecure;
    private readonly Lazy<Task<Uri>> baseUri;
    private volatile bool singlePostRefused;

    public RegistryClient(string registry, RegistryClientOptions? options = null)
    {
        RepositoryNames.EnsureRegistry(registry);
        this.options = options ?? new RegistryClientOptions();
        Registry = registry;
        ApiHost = RegistryHostName.ApiHost(registry);
        insecure = this.options.InsecureRegistries.Any(r => string.Equals(
            RegistryHostName.NormalizeConfigKey(r), RegistryHostName.NormalizeConfigKey(registry), StringComparison.Ordinal));

        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = true, // strips Authorization on every redirect, and refuses https -> http
            MaxAutomaticRedirections = 10,
            ConnectTimeout = this.options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(8, this.options.MaxParallelUploads * 2),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (insecure)
        {
            sockets.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }

        HttpMessageHandler stack = sockets;
        if (this.options.Log is { } log)
        {
            stack = new RedactingLogHandler(log, stack);
        }

        stack = new UserAgentHandler(this.options.UserAgent, stack);
        stack = new AuthenticationHandler(registry, this.options.Credentials, this.options.ClientId, this.options.Time, stack);
        stack = new RetryHandler(this.options.Retry, this.options.Time, stack);
        http = new HttpClient(stack, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        baseUri = new Lazy<Task<Uri>>(ChooseBaseUriAsync);
    }

    /// <summary>The registry name as given (<c>host[:port]</c>).</summary>
    public string Registry { get; }

    /// <summary>The host that serves the API (Docker Hub's aliases map to registry-1.docker.io).</summary>
    public string ApiHost { get; }

    /// <summary>Checks that the registry speaks the distribution API and that the credentials (if any are needed) are accepted.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var request = await CreateRequestAsync(HttpMethod.Get, "/v2/", [], cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, "the API version check (/v2/)", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, RegistryResourceKind.Other, "the API version check (/v2/)", cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<Uri> ChooseBaseUriAsync()
    {
        if (RegistryHostName.IsLoopback(ApiHost))
        {
            return new Uri($"http://{ApiHost}/");
        }

        var https = new Uri($"https://{ApiHost}/");
        if (!insecure)
        {
            return https;
        }

        try
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "/v2/"));
            using var timeout = new CancellationTokenSource(options.ConnectTimeout);
            using var response = await http.SendAsync(probe, timeout.Token).ConfigureAwait(false);
            return https;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return new Uri($"http://{ApiHost}/");
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string pathAndQuery, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var root = await baseUri.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return CreateRequest(method, new Uri(root, pathAndQuery), scopes);
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, IReadOnlyList<string> scopes)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Options.Set(RegistryRequestOptions.Scopes, scopes);
        return request;
    }

    /// <summary>Sends through the stack; a request that gets no HTTP answer becomes <see cref="RegistryUnavailableException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, string what, CancellationToken cancellationToken)
    {
        // A streamed upload may take as long as its bytes need; anything else has a deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Content is null or ByteArrayContent)
        {
            deadline.CancelAfter(options.RequestTimeout);
        }

        try
        {
            return await http.SendAsync(request, completion, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = new RegistryFailure(Registry, request.Method.Method, UrlRedactor.Redact(request.RequestUri), null, []);
            throw new RegistryUnavailableException(
                $"Registry {Registry} did not answer {what} within {options.RequestTimeout.TotalSeconds:0} s: is the registry running? Check the address.", failure, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            var attempts = request.Options.TryGetValue(RegistryRequestOptions.Attempts, out var n) ? n : 1;
            var failure = new RegistryFailure(Registry, request.Method.Method, UrlRedactor.Redact(request.RequestUri), null, []);
            throw new RegistryUnavailableException(
                $"Could not reach registry {Registry} for {what} ({Reason(e)}, {attempts} attempt{(attempts == 1 ? "" : "s")}): is the registry running? Check the address.",
                failure,
                e);
        }
    }

    private Task<RegistryException> FailAsync(HttpResponseMessage response, RegistryResourceKind kind, string what, CancellationToken cancellationToken) =>
        RegistryErrorMapper.FromResponseAsync(Registry, response, kind, what, cancellationToken);

    private static string Reason(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Net.Sockets.SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                    System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "host not found",
                    System.Net.Sockets.SocketError.TimedOut => "connection timed out",
                    System.Net.Sockets.SocketError.ConnectionReset => "connection reset",
                    var other => other.ToString(),
                };
            }
        }

        return e is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h ? h.HttpRequestError.ToString() : e.GetType().Name;
    }

    private static string Path(string repository, string kind, string reference) => $"/v2/{repository}/{kind}/{reference}";
}
