using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

public sealed partial class RegistryClient
{
    /// <summary>Manifests larger than this are refused (the limit registries apply too).</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private const string ContentDigestHeader = "Docker-Content-Digest";

    /// <summary>
    /// The descriptor a tag or digest points at (media type, digest, size): HEAD first, and GET when
    /// the HEAD answer lacks a usable digest, media type or size.
    /// </summary>
    /// <exception cref="ManifestNotFoundException">No such tag or digest.</exception>
    public async Task<Descriptor> ResolveAsync(string repository, string reference, CancellationToken cancellationToken = default) =>
        await TryHeadManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false)
            ?? (await GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false)).ToDescriptor();

    /// <summary>HEAD of a manifest: its descriptor, or null when the answer was not enough to trust (missing headers).</summary>
    /// <exception cref="ManifestNotFoundException">No such tag or digest.</exception>
    public async Task<Descriptor?> TryHeadManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        RepositoryNames.EnsureRepository(repository);
        RepositoryNames.EnsureReference(reference);
        var what = $"{repository}:{reference}";
        using var request = await CreateRequestAsync(HttpMethod.Head, Path(repository, "manifests", reference), [RegistryRequestOptions.Pull(repository)], cancellationToken).ConfigureAwait(false);
        AcceptManifests(request);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, RegistryResourceKind.Manifest, what, cancellationToken).ConfigureAwait(false);
        }

        var digest = HeaderDigest(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var size = response.Content.Headers.ContentLength;
        if (digest is null || size is null or <= 0 || mediaType is null || !IsManifestMediaType(mediaType))
        {
            return null;
        }

        if (Digest.TryParse(reference, out var asked) && asked != digest)
        {
            return null; // let GET verify the bytes themselves
        }

        return new Descriptor { MediaType = new MediaType(mediaType), Digest = digest.Value, Size = size.Value };
    }

    /// <summary>
    /// The manifest or index a tag or digest points at, verified: its bytes must hash to the digest
    /// asked for, and to the registry's Docker-Content-Digest when it sends one.
    /// </summary>
    /// <exception cref="ManifestNotFoundException">No such tag or digest.</exception>
    /// <exception cref="ManifestDigestMismatchException">The bytes do not match.</exception>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        RepositoryNames.EnsureRepository(repository);
        RepositoryNames.EnsureReference(reference);
        var what = $"{repository}:{reference}";
        using var request = await CreateRequestAsync(HttpMethod.Get, Path(repository, "manifests", reference), [RegistryRequestOptions.Pull(repository)], cancellationToken).ConfigureAwait(false);
        AcceptManifests(request);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, RegistryResourceKind.Manifest, what, cancellationToken).ConfigureAwait(false);
        }

        var failure = new RegistryFailure(Registry, "GET", UrlRedactor.Redact(response.RequestMessage?.RequestUri), response.StatusCode, []);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw new RegistryProtocolException($"The manifest {what} in registry {Registry} is larger than {MaxManifestBytes} bytes.", failure);
        }

        var bytes = await ReadManifestBytesAsync(response, what, failure, cancellationToken).ConfigureAwait(false);
        var headerDigest = HeaderDigest(response);
        var algorithm = Digest.TryParse(reference, out var asked) ? asked.Algorithm : Digest.Sha256;
        var actual = ComputeDigest(bytes, algorithm);
        if (asked.Algorithm is not null && actual != asked)
        {
            throw new ManifestDigestMismatchException(asked, actual, failure);
        }

        if (headerDigest is { } announced && announced.Algorithm == actual.Algorithm && announced != actual)
        {
            throw new ManifestDigestMismatchException(announced, actual, failure);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType is { } type && IsManifestMediaType(type)
            ? new MediaType(type)
            : SniffMediaType(bytes, what, failure);
        return new RegistryManifest(bytes, mediaType, actual);
    }

    /// <summary>
    /// Puts a manifest or index under a tag or under its digest, with its media type as Content-Type.
    /// Returns its digest (checked against the registry's Docker-Content-Digest).
    /// </summary>
    public async Task<Digest> PushManifestAsync(string repository, string reference, RegistryManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        RepositoryNames.EnsureRepository(repository);
        RepositoryNames.EnsureReference(reference);
        if (Digest.TryParse(reference, out var asDigest) && asDigest != manifest.Digest)
        {
            throw new ArgumentException($"The manifest's digest is {manifest.Digest}, not {reference}.", nameof(reference));
        }

        var what = $"{repository}:{reference}";
        using var request = await CreateRequestAsync(HttpMethod.Put, Path(repository, "manifests", reference), [RegistryRequestOptions.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        request.Content = new ByteArrayContent(manifest.Bytes.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType.Value);
        request.Options.Set(RegistryRequestOptions.Retryable, true);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created && !response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, RegistryResourceKind.Manifest, what, cancellationToken).ConfigureAwait(false);
        }

        if (HeaderDigest(response) is { } announced && announced.Algorithm == manifest.Digest.Algorithm && announced != manifest.Digest)
        {
            var failure = new RegistryFailure(Registry, "PUT", UrlRedactor.Redact(request.RequestUri), response.StatusCode, []);
            throw new ManifestDigestMismatchException(manifest.Digest, announced, failure);
        }

        return manifest.Digest;
    }

    /// <summary>Puts a manifest under several tags (and returns its digest).</summary>
    public async Task<Digest> PushManifestAsync(string repository, IEnumerable<string> tags, RegistryManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(manifest);
        var any = false;
        foreach (var tag in tags)
        {
            await PushManifestAsync(repository, tag, manifest, cancellationToken).ConfigureAwait(false);
            any = true;
        }

        return any ? manifest.Digest : await PushManifestAsync(repository, manifest.Digest.ToString(), manifest, cancellationToken).ConfigureAwait(false);
    }

    private static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var type in ManifestAccept)
        {
            request.Headers.Accept.Add(type);
        }
    }

    private static bool IsManifestMediaType(string type) =>
        ManifestAccept.Any(a => string.Equals(a.MediaType, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Docker-Content-Digest header; a header that is there but not a digest is a protocol error.</summary>
    private Digest? HeaderDigest(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues(ContentDigestHeader, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Digest.TryParse(text, out var digest))
        {
            var failure = new RegistryFailure(Registry, response.RequestMessage?.Method.Method, UrlRedactor.Redact(response.RequestMessage?.RequestUri), response.StatusCode, []);
            var shown = text.Length > 80 ? text[..80] + "..." : text;
            throw new RegistryProtocolException($"Registry {Registry} sent an invalid {ContentDigestHeader} header '{shown}'. {failure.Describe()}.", failure);
        }

        return digest;
    }

    private async Task<byte[]> ReadManifestBytesAsync(HttpResponseMessage response, string what, RegistryFailure failure, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxManifestBytes)
                {
                    throw new RegistryProtocolException($"The manifest {what} in registry {Registry} is larger than {MaxManifestBytes} bytes.", failure);
                }
            }

            return buffer.ToArray();
        }
    }

    private static Digest ComputeDigest(byte[] bytes, string algorithm) => algorithm == Digest.Sha512
        ? Digest.Parse($"{Digest.Sha512}:{Convert.ToHexStringLower(SHA512.HashData(bytes))}")
        : Digest.Compute(bytes);

    /// <summary>A registry that sends a generic Content-Type: the media type is read from the JSON.</summary>
    private MediaType SniffMediaType(byte[] bytes, string what, RegistryFailure failure)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { Length: > 0 } value)
                {
                    return new MediaType(value);
                }

                return root.TryGetProperty("manifests", out _) ? MediaType.OciIndex : MediaType.OciManifest;
            }
        }
        catch (JsonException)
        {
        }

        throw new RegistryProtocolException($"The manifest {what} from registry {Registry} is not JSON.", failure);
    }
}
