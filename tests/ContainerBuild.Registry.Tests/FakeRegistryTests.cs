using System.Net;
using System.Text;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry.Tests;

/// <summary>
/// Failure modes a real registry will not produce on demand (429, 503, dropped connections, bad
/// digests, redirects to storage), served by a fake that speaks real HTTP/1.1.
/// </summary>
public sealed class FakeRegistryTests
{
    private static readonly byte[] ManifestBytes = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""");
    private static readonly Digest ManifestDigest = Digest.Compute(ManifestBytes);
    private static readonly RetryPolicy Quick = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static FakeResponse Manifest() => FakeResponse.Of(
        200, ManifestBytes, ("Content-Type", MediaType.OciManifest.Value), ("Docker-Content-Digest", ManifestDigest.ToString()));

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(429)]
    public async Task A_transient_status_is_retried_until_the_registry_answers(int status)
    {
        var calls = 0;
        await using var server = new FakeHttpServer(_ => Interlocked.Increment(ref calls) <= 2
            ? FakeResponse.Of(status, null, ("Retry-After", "0"))
            : Manifest());
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick with { MaxAttempts = 4 } });

        var manifest = await client.GetManifestAsync("app", "latest", ct);

        Assert.Equal(ManifestDigest, manifest.Digest);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        var calls = 0;
        await using var server = new FakeHttpServer(_ => Interlocked.Increment(ref calls) == 1 ? FakeResponse.Dropped : Manifest());
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        var manifest = await client.GetManifestAsync("app", "latest", ct);

        Assert.Equal(ManifestDigest, manifest.Digest);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_and_end_in_unavailable()
    {
        await using var server = new FakeHttpServer(_ => FakeResponse.Json(503, """{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}"""));
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        var e = await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.GetManifestAsync("app", "latest", ct));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Contains("down for maintenance", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_registry_is_unavailable_after_bounded_retries()
    {
        using var client = new RegistryClient("127.0.0.1:59999", new RegistryClientOptions { Retry = Quick });

        var e = await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.ResolveAsync("app", "latest", ct));

        Assert.Contains("is the registry running", e.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:59999", e.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task An_error_body_that_is_not_json_gives_a_typed_error_with_an_excerpt()
    {
        await using var server = new FakeHttpServer(_ => FakeResponse.Of(500, "<html>proxy exploded</html>"u8.ToArray(), ("Content-Type", "text/html")));
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("app", "latest", ct));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Empty(e.Errors);
        Assert.Contains("proxy exploded", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_invalid_digest_header_is_a_protocol_error()
    {
        await using var server = new FakeHttpServer(_ => FakeResponse.Of(200, ManifestBytes, ("Content-Type", MediaType.OciManifest.Value), ("Docker-Content-Digest", "sha256:nothex")));
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        var e = await Assert.ThrowsAsync<RegistryProtocolException>(() => client.GetManifestAsync("app", "latest", ct));

        Assert.Contains("Docker-Content-Digest", e.Message, StringComparison.Ordinal);
        Assert.Contains("sha256:nothex", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_whose_bytes_do_not_match_is_refused()
    {
        var other = Digest.Compute("something else"u8);
        await using var server = new FakeHttpServer(_ => Manifest());
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        var asked = await Assert.ThrowsAsync<ManifestDigestMismatchException>(() => client.GetManifestAsync("app", other.ToString(), ct));
        Assert.Equal(other, asked.Expected);
        Assert.Equal(ManifestDigest, asked.Actual);

        await using var lying = new FakeHttpServer(_ => FakeResponse.Of(200, ManifestBytes, ("Content-Type", MediaType.OciManifest.Value), ("Docker-Content-Digest", other.ToString())));
        using var client2 = new RegistryClient(lying.Address, new RegistryClientOptions { Retry = Quick });
        await Assert.ThrowsAsync<ManifestDigestMismatchException>(() => client2.GetManifestAsync("app", "latest", ct));
    }

    [Fact]
    public async Task A_blob_whose_bytes_do_not_match_its_digest_fails_when_read_to_the_end()
    {
        var claimed = Digest.Compute("the real bytes"u8);
        await using var server = new FakeHttpServer(_ => FakeResponse.Of(200, "forged bytes!!"u8.ToArray()));
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        await using var stream = await client.OpenBlobAsync("app", claimed, 14, ct);
        var e = await Assert.ThrowsAsync<BlobDigestMismatchException>(() => stream.CopyToAsync(Stream.Null, ct));

        Assert.Equal(claimed, e.Expected);
        Assert.Equal(Digest.Compute("forged bytes!!"u8), e.Actual);
    }

    [Fact]
    public async Task A_blob_that_ends_early_is_a_short_read()
    {
        var bytes = "the whole blob"u8.ToArray();
        await using var server = new FakeHttpServer(_ => new FakeResponse(200, bytes[..6], OmitContentLength: true));
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });

        await using var stream = await client.OpenBlobAsync("app", Digest.Compute(bytes), bytes.Length, ct);
        var e = await Assert.ThrowsAsync<BlobDigestMismatchException>(() => stream.CopyToAsync(Stream.Null, ct));

        Assert.Equal(6, e.ActualSize);
        Assert.Contains("short read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_to_storage_is_followed_without_the_Authorization_header()
    {
        var blob = "layer bytes in object storage"u8.ToArray();
        var digest = Digest.Compute(blob);
        await using var storage = new FakeHttpServer(_ => FakeResponse.Of(200, blob));
        await using var registry = new FakeHttpServer(request => request.Header("Authorization") is null
            ? FakeResponse.Of(401, null, ("WWW-Authenticate", "Basic realm=\"fake\""))
            : FakeResponse.Of(307, null, ("Location", $"http://localhost:{storage.Port}/bucket/blob?X-Amz-Signature=secret123")));
        using var client = new RegistryClient(registry.Address, new RegistryClientOptions
        {
            Retry = Quick,
            Credentials = new StaticCredentialSource(new RegistryCredential("user", "pass")),
        });

        var bytes = await client.GetBlobBytesAsync("app", digest, blob.Length, cancellationToken: ct);

        Assert.Equal(blob, bytes);
        Assert.Contains(registry.Requests, r => r.Header("Authorization") is { } a && a.StartsWith("Basic ", StringComparison.Ordinal));
        var fetched = Assert.Single(storage.Requests);
        Assert.Null(fetched.Header("Authorization"));
        Assert.Equal("/bucket/blob?X-Amz-Signature=secret123", fetched.Target);
    }

    [Fact]
    public async Task An_identity_token_is_exchanged_with_the_refresh_token_form_and_the_token_is_cached_per_scope()
    {
        var realm = "";
        await using var server = new FakeHttpServer(request =>
        {
            if (request.Path == "/token")
            {
                return FakeResponse.Json(200, """{"access_token":"issued-token","expires_in":300}""");
            }

            return request.Header("Authorization") == "Bearer issued-token"
                ? Manifest()
                : FakeResponse.Of(401, null, ("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"fake.registry\",scope=\"repository:app:pull\""));
        });
        realm = $"http://{server.Address}/token";
        using var client = new RegistryClient(server.Address, new RegistryClientOptions
        {
            Retry = Quick,
            Credentials = new StaticCredentialSource(new RegistryCredential(null, null, identityToken: "refresh-me")),
        });

        await client.GetManifestAsync("app", "latest", ct);
        await client.GetManifestAsync("app", "v2", ct);

        var token = Assert.Single(server.Requests, r => r.Path == "/token");
        Assert.Equal("POST", token.Method);
        var form = Encoding.UTF8.GetString(token.Body);
        Assert.Contains("grant_type=refresh_token", form, StringComparison.Ordinal);
        Assert.Contains("refresh_token=refresh-me", form, StringComparison.Ordinal);
        Assert.Contains("service=fake.registry", form, StringComparison.Ordinal);
        Assert.Contains("scope=repository%3Aapp%3Apull", form, StringComparison.Ordinal);
        Assert.Contains("client_id=containerbuild", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_service_without_GET_gets_the_password_form()
    {
        var realm = "";
        await using var server = new FakeHttpServer(request =>
        {
            if (request.Path == "/token")
            {
                return request.Method == "POST"
                    ? FakeResponse.Json(200, """{"token":"form-token"}""")
                    : FakeResponse.Of(405);
            }

            return request.Header("Authorization") == "Bearer form-token"
                ? Manifest()
                : FakeResponse.Of(401, null, ("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"fake\""));
        });
        realm = $"http://{server.Address}/token";
        using var client = new RegistryClient(server.Address, new RegistryClientOptions
        {
            Retry = Quick,
            Credentials = new StaticCredentialSource(new RegistryCredential("me", "secret-pw")),
        });

        await client.GetManifestAsync("app", "latest", ct);

        var post = Assert.Single(server.Requests, r => r.Path == "/token" && r.Method == "POST");
        var form = Encoding.UTF8.GetString(post.Body);
        Assert.Contains("grant_type=password", form, StringComparison.Ordinal);
        Assert.Contains("username=me", form, StringComparison.Ordinal);
        Assert.Contains("password=secret-pw", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_refuses_one_big_PUT_gets_chunks()
    {
        var location = "/v2/app/blobs/uploads/session-1";
        var received = new MemoryStream();
        await using var server = new FakeHttpServer(request =>
        {
            switch (request.Method)
            {
                case "HEAD":
                    return FakeResponse.Of(404);
                case "POST":
                    return FakeResponse.Of(202, null, ("Location", location), ("OCI-Chunk-Min-Length", "4"));
                case "PATCH":
                    lock (received)
                    {
                        received.Write(request.Body);
                    }

                    return FakeResponse.Of(202, null, ("Location", location));
                case "PUT" when request.Body.Length > 0:
                    return FakeResponse.Json(413, """{"errors":[{"code":"SIZE_INVALID","message":"too big"}]}""");
                default:
                    return FakeResponse.Of(201);
            }
        });
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick, ChunkSize = 3 });
        var blob = BlobSource.FromBytes("0123456789"u8.ToArray());

        var result = await client.PushBlobAsync("app", blob, cancellationToken: ct);

        Assert.Equal(BlobPushOutcome.UploadedInChunks, result.Outcome);
        Assert.Equal("0123456789"u8.ToArray(), received.ToArray());
        var ranges = server.Requests.Where(r => r.Method == "PATCH").Select(r => r.Header("Content-Range")).ToList();
        Assert.Equal(["0-3", "4-7", "8-9"], ranges);
        Assert.EndsWith($"digest={Uri.EscapeDataString(blob.Digest.ToString())}", server.Requests.Last().Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_whose_connection_drops_starts_again_with_a_new_session()
    {
        var puts = 0;
        var sessions = 0;
        await using var server = new FakeHttpServer(request => request.Method switch
        {
            "HEAD" => FakeResponse.Of(404),
            "POST" => FakeResponse.Of(202, null, ("Location", $"/v2/app/blobs/uploads/s{Interlocked.Increment(ref sessions)}")),
            "PUT" => Interlocked.Increment(ref puts) == 1 ? FakeResponse.Dropped : FakeResponse.Of(201),
            _ => FakeResponse.Of(400),
        });
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick });
        var blob = BlobSource.FromBytes(new byte[50_000]);

        var result = await client.PushBlobAsync("app", blob, cancellationToken: ct);

        Assert.Equal(BlobPushOutcome.Uploaded, result.Outcome);
        Assert.Equal(2, sessions);
        Assert.StartsWith("/v2/app/blobs/uploads/s2?digest=", server.Requests.Last().Target, StringComparison.Ordinal);
        Assert.Equal(new byte[50_000], server.Requests.Last().Body);
    }

    [Fact]
    public async Task A_registry_that_takes_a_single_POST_gets_one_request_with_the_body()
    {
        await using var server = new FakeHttpServer(request => request.Method switch
        {
            "HEAD" => FakeResponse.Of(404),
            "POST" when request.Target.Contains("digest=", StringComparison.Ordinal) => FakeResponse.Of(201),
            _ => FakeResponse.Of(400),
        });
        using var client = new RegistryClient(server.Address, new RegistryClientOptions { Retry = Quick, SinglePostUpload = true });
        var blob = BlobSource.FromBytes("one request"u8.ToArray());

        var result = await client.PushBlobAsync("app", blob, cancellationToken: ct);

        Assert.Equal(BlobPushOutcome.Uploaded, result.Outcome);
        var post = Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Equal("one request"u8.ToArray(), post.Body);
        Assert.Equal(2, server.Requests.Count);
    }
}
