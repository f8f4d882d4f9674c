using System.Net;

namespace ContainerBuild.Registry;

/// <summary>What a request was about, so a bare 404 can be named (manifest, blob, upload).</summary>
public enum RegistryResourceKind
{
    Other,
    Manifest,
    Blob,
    Upload,
}

/// <summary>Turns a failed response into the typed exception that names what went wrong.</summary>
internal static class RegistryErrorMapper
{
    public static async Task<RegistryException> FromResponseAsync(
        string registry,
        HttpResponseMessage response,
        RegistryResourceKind kind,
        string? what,
        CancellationToken cancellationToken)
    {
        var body = await RegistryErrorBody.ReadLimitedAsync(response, cancellationToken).ConfigureAwait(false);
        var errors = RegistryErrorBody.Parse(body);
        var failure = new RegistryFailure(
            registry,
            response.RequestMessage?.Method.Method,
            UrlRedactor.Redact(response.RequestMessage?.RequestUri),
            response.StatusCode,
            errors);
        var excerpt = errors.Count == 0 && body.Length > 0 && response.RequestMessage?.Method != HttpMethod.Head
            ? $" The response was not the registry error format: \"{RegistryErrorBody.Excerpt(body)}\"."
            : "";
        var identity = response.RequestMessage is { } request && request.Options.TryGetValue(RegistryRequestOptions.Identity, out var who) ? who : null;
        var insufficientScope = AuthChallenge.FromResponse(response).Any(c => string.Equals(c.Error, "insufficient_scope", StringComparison.Ordinal));
        return Create(failure, kind, what, excerpt, identity, insufficientScope);
    }

    public static RegistryException Create(
        RegistryFailure failure, RegistryResourceKind kind, string? what, string extra = "", string? identity = null, bool insufficientScope = false)
    {
        var asWho = identity is null ? "" : $" The request was sent as {identity}.";
        var notAllowed = identity is not null && identity.StartsWith("anonymous", StringComparison.Ordinal)
            ? $"anonymous access does not allow this action; provide credentials (for example `docker login {failure.Registry}`)"
            : "the credentials do not allow this action";
        var subject = what ?? failure.RedactedUrl ?? failure.Registry;
        var has = (string code) => failure.Errors.Any(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase));
        var facts = failure.Describe();
        return failure.StatusCode switch
        {
            HttpStatusCode.Unauthorized when insufficientScope => new RegistryAccessDeniedException(
                $"Registry {failure.Registry} denied access to {subject}: {notAllowed}.{asWho} {facts}.{extra}",
                failure),
            HttpStatusCode.Unauthorized => new RegistryAuthenticationException(
                $"Authentication to registry {failure.Registry} failed for {subject}: check your credentials (for example `docker login {failure.Registry}`).{asWho} {facts}.{extra}",
                failure),
            HttpStatusCode.Forbidden => new RegistryAccessDeniedException(
                $"Registry {failure.Registry} denied access to {subject}: {notAllowed}.{asWho} {facts}.{extra}",
                failure),
            _ when has(RegistryErrorCodes.Denied) => new RegistryAccessDeniedException(
                $"Registry {failure.Registry} denied access to {subject}. {facts}.{extra}",
                failure),
            _ when has(RegistryErrorCodes.NameUnknown) => new RepositoryNameUnknownException(
                $"The repository of {subject} does not exist in registry {failure.Registry}. {facts}.{extra}",
                failure),
            _ when has(RegistryErrorCodes.ManifestUnknown) || (failure.StatusCode == HttpStatusCode.NotFound && kind == RegistryResourceKind.Manifest) =>
                new ManifestNotFoundException($"The manifest {subject} was not found in registry {failure.Registry}. {facts}.{extra}", failure),
            _ when has(RegistryErrorCodes.BlobUnknown) || (failure.StatusCode == HttpStatusCode.NotFound && kind == RegistryResourceKind.Blob) =>
                new BlobNotFoundException($"The blob {subject} was not found in registry {failure.Registry}. {facts}.{extra}", failure),
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => new RegistryUnavailableException(
                $"Registry {failure.Registry} is unavailable (it kept answering {(int)failure.StatusCode!}) for {subject}. {facts}.{extra}",
                failure),
            _ => new RegistryException($"Registry {failure.Registry} refused {subject}. {facts}.{extra}", failure),
        };
    }
}
