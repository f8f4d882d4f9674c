using System.Net;

namespace ContainerBuild.Registry;

/// <summary>
/// Sends a request again after 429 (honouring Retry-After), 502, 503, 504 or a dropped connection,
/// but only when that is safe: GET, HEAD, or a request the client marked retryable (buffered body).
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var retryable = IsRetryable(request);
        for (var attempt = 1; ; attempt++)
        {
            request.Options.Set(RegistryRequestOptions.Attempts, attempt);
            var last = !retryable || attempt >= policy.MaxAttempts;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!last && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(policy.DelayAfter(attempt, null), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (last || !IsTransient(response.StatusCode))
            {
                return response;
            }

            var delay = policy.DelayAfter(attempt, RetryAfter(response));
            response.Dispose();
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    internal static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.InvalidResponse } => false,
        HttpRequestException => true,
        IOException => true,
        _ => false,
    };

    private static bool IsRetryable(HttpRequestMessage request)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
        {
            return true;
        }

        return request.Options.TryGetValue(RegistryRequestOptions.Retryable, out var marked) && marked
            && request.Content is null or ByteArrayContent;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - time.GetUtcNow() : null;
    }
}
