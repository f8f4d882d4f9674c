using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ContainerBuild.Registry;

/// <summary>
/// Answers registry challenges: Basic, or Bearer through the token service (GET with Basic
/// credentials, the OAuth2 password form when GET is not offered, the refresh-token form when an
/// identity token is configured). Learns the challenge once, then authorizes every request before
/// sending it, so streamed uploads are not sent twice; tokens are cached per scope until expiry.
/// </summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly string registry;
    private readonly ICredentialSource credentials;
    private readonly string clientId;
    private readonly BearerTokenCache tokens;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim tokenGate = new(1, 1);
    private readonly ConcurrentDictionary<RegistryAccess, Lazy<Task<RegistryCredential?>>> found = new();
    private AuthChallenge? challenge;

    public AuthenticationHandler(string registry, ICredentialSource credentials, string clientId, TimeProvider time, HttpMessageHandler inner)
        : base(inner)
    {
        this.registry = registry;
        this.credentials = credentials;
        this.clientId = clientId;
        this.time = time;
        tokens = new BearerTokenCache(time);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var scopes = request.Options.TryGetValue(RegistryRequestOptions.Scopes, out var s) ? s : [];
        var access = scopes.Any(x => x.EndsWith(":push", StringComparison.Ordinal) || x.Contains(",push", StringComparison.Ordinal))
            ? RegistryAccess.Push
            : RegistryAccess.Pull;
        var known = Volatile.Read(ref challenge);
        BearerToken? used = null;
        if (known is not null)
        {
            used = await AuthorizeAsync(request, known, scopes, access, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var offered = AuthChallenge.FromResponse(response);
        var chosen = offered.FirstOrDefault(c => c.IsBearer && c.Realm is not null) ?? offered.FirstOrDefault(c => c.IsBasic);
        if (chosen is null)
        {
            return response;
        }

        Volatile.Write(ref challenge, chosen);
        var sentCredentials = request.Headers.Authorization is not null;
        var staleToken = used is not null && !string.Equals(chosen.Error, "insufficient_scope", StringComparison.Ordinal);
        if ((sentCredentials && !staleToken) || !CanResend(request))
        {
            return response;
        }

        if (used is not null)
        {
            tokens.Remove(used);
        }

        response.Dispose();
        request.Headers.Authorization = null;
        var wanted = chosen.Scope is { Length: > 0 } asked
            ? scopes.Concat(asked.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList()
            : scopes;
        await AuthorizeAsync(request, chosen, wanted, access, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            tokenGate.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool CanResend(HttpRequestMessage request) => request.Content is null or ByteArrayContent;

    private async Task<BearerToken?> AuthorizeAsync(
        HttpRequestMessage request, AuthChallenge known, IReadOnlyList<string> scopes, RegistryAccess access, CancellationToken cancellationToken)
    {
        var credential = await FindCredentialAsync(access).ConfigureAwait(false);
        request.Options.Set(RegistryRequestOptions.Identity, Describe(credential));
        if (known.IsBasic)
        {
            if (credential is { HasPassword: true })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
            }

            return null;
        }

        var token = tokens.Find(scopes);
        if (token is null)
        {
            await tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                token = tokens.Find(scopes);
                if (token is null)
                {
                    token = await FetchTokenAsync(known, scopes, credential, cancellationToken).ConfigureAwait(false);
                    tokens.Add(token);
                }
            }
            finally
            {
                tokenGate.Release();
            }
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return token;
    }

    private Task<RegistryCredential?> FindCredentialAsync(RegistryAccess access) =>
        found.GetOrAdd(access, a => new Lazy<Task<RegistryCredential?>>(
            () => credentials.GetAsync(registry, a, CancellationToken.None).AsTask())).Value;

    private string Describe(RegistryCredential? credential) => credential switch
    {
        null => $"anonymous (no credentials were found for {registry})",
        { HasPassword: true } => $"user '{credential.Username}'{From(credential)}",
        { IdentityToken: not null } => $"an identity token{From(credential)}",
        _ => $"user '{credential.Username}' without a password{From(credential)}",
    };

    private static string From(RegistryCredential credential) => credential.Source is null ? "" : $" from {credential.Source}";

    private async Task<BearerToken> FetchTokenAsync(
        AuthChallenge known, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(known.Realm, UriKind.Absolute, out var realm))
        {
            throw new RegistryProtocolException($"Registry {registry} named a token realm that is not a URL.");
        }

        TokenRealmPolicy.EnsureAllowed(realm, registry);
        HttpResponseMessage response;
        if (credential?.IdentityToken is { } refreshToken)
        {
            response = await PostFormAsync(realm, known, scopes, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            response = await GetTokenAsync(realm, known, scopes, credential, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && credential is { HasPassword: true })
            {
                response.RequestMessage?.Dispose();
                response.Dispose();
                response = await PostFormAsync(
                    realm, known, scopes, [new("grant_type", "password"), new("username", credential.Username), new("password", credential.Password)], cancellationToken).ConfigureAwait(false);
            }
        }

        using var ownedRequest = response.RequestMessage;
        using (response)
        {
            var failure = new RegistryFailure(registry, response.RequestMessage?.Method.Method, UrlRedactor.Redact(response.RequestMessage?.RequestUri), response.StatusCode, []);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new RegistryAuthenticationException(
                    $"Authentication to registry {registry} failed: its token service refused {Describe(credential)}. Check your credentials (for example `docker login {registry}`). {failure.Describe()}.",
                    failure);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await RegistryErrorMapper.FromResponseAsync(registry, response, RegistryResourceKind.Other, $"a token from {realm.Host}", cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return ParseToken(body, scopes, failure);
        }
    }

    private BearerToken ParseToken(byte[] body, IReadOnlyList<string> scopes, RegistryFailure failure)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var value = Text(root, "token") ?? Text(root, "access_token");
            if (string.IsNullOrEmpty(value))
            {
                throw new RegistryProtocolException($"The token service of registry {registry} answered without a token.", failure);
            }

            // The spec's default lifetime is 60 s, and no token is taken as shorter than that.
            var seconds = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) ? Math.Max(n, 60) : 60;
            return new BearerToken(value, new HashSet<string>(scopes, StringComparer.Ordinal), time.GetUtcNow().AddSeconds(seconds));
        }
        catch (JsonException ex)
        {
            throw new RegistryProtocolException($"The token service of registry {registry} answered with something that is not JSON.", failure, ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private Task<HttpResponseMessage> GetTokenAsync(
        Uri realm, AuthChallenge known, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (known.Service is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.AddRange(scopes.Select(scope => "scope=" + Uri.EscapeDataString(scope)));
        if (credential is { HasPassword: true })
        {
            query.Add("account=" + Uri.EscapeDataString(credential.Username));
        }

        var builder = new UriBuilder(realm);
        var existing = builder.Query.TrimStart('?');
        builder.Query = string.Join('&', (existing.Length > 0 ? [existing] : Array.Empty<string>()).Concat(query));
        var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential is { HasPassword: true })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
        }

        return SendOwnedAsync(request, cancellationToken);
    }

    private Task<HttpResponseMessage> PostFormAsync(
        Uri realm, AuthChallenge known, IReadOnlyList<string> scopes, List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        fields.Add(new("client_id", clientId));
        if (known.Service is { } service)
        {
            fields.Add(new("service", service));
        }

        if (scopes.Count > 0)
        {
            fields.Add(new("scope", string.Join(' ', scopes)));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(fields) };
        return SendOwnedAsync(request, cancellationToken);
    }

    /// <summary>Sends a token request; the caller disposes the response, and with it the request (see <see cref="FetchTokenAsync"/>).</summary>
    private async Task<HttpResponseMessage> SendOwnedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }
}
