using System.Diagnostics;

namespace ContainerBuild.Registry;

/// <summary>Logs each request as method, redacted URL, status and time; never a header or a body.</summary>
internal sealed class RedactingLogHandler(Action<string> log, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var what = $"{request.Method} {UrlRedactor.Redact(request.RequestUri)}";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log($"{what} -> {(int)response.StatusCode} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)");
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            log($"{what} -> {e.GetType().Name} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)");
            throw;
        }
    }
}
