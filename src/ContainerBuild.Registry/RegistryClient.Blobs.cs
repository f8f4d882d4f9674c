using System.Net;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

public sealed partial class RegistryClient
{
    /// <summary>Whether the repository has the blob (HEAD).</summary>
    public async Task<bool> BlobExistsAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        RepositoryNames.EnsureRepository(repository);
        var what = $"blob {digest} in {repository}";
        using var request = await CreateRequestAsync(HttpMethod.Head, Path(repository, "blobs", digest.ToString()), [RegistryRequestOptions.Pull(repository)], cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, RegistryResourceKind.Blob, what, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Streams a blob (following redirects to storage). The stream verifies as it goes: reading to
    /// the end throws <see cref="BlobDigestMismatchException"/> unless the bytes match the digest and
    /// <paramref name="expectedSize"/>; the caller disposes it.
    /// </summary>
    /// <exception cref="BlobNotFoundException">The repository does not have the blob.</exception>
    public async Task<VerifyingStream> OpenBlobAsync(string repository, Digest digest, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        RepositoryNames.EnsureRepository(repository);
        var what = $"blob {digest} in {repository}";
        using var request = await CreateRequestAsync(HttpMethod.Get, Path(repository, "blobs", digest.ToString()), [RegistryRequestOptions.Pull(repository)], cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, what, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await FailAsync(response, RegistryResourceKind.Blob, what, cancellationToken).ConfigureAwait(false);
            }

            var source = UrlRedactor.Redact(response.RequestMessage?.RequestUri);
            var length = response.Content.Headers.ContentLength;
            if (expectedSize is { } size && length is { } announced && announced != size)
            {
                throw new BlobDigestMismatchException(digest, null, size, announced, source);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new VerifyingStream(stream, digest, expectedSize ?? length, source, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A small blob (a config) read whole and verified.</summary>
    public async Task<byte[]> GetBlobBytesAsync(string repository, Digest digest, long? expectedSize = null, int maxBytes = 16 * 1024 * 1024, CancellationToken cancellationToken = default)
    {
        if (expectedSize > maxBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedSize), expectedSize, $"The blob is larger than {maxBytes} bytes; stream it with {nameof(OpenBlobAsync)}.");
        }

        var stream = await OpenBlobAsync(repository, digest, expectedSize, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    throw new RegistryProtocolException($"The blob {digest} in {repository} is larger than {maxBytes} bytes.");
                }
            }

            return buffer.ToArray();
        }
    }

    /// <summary>A small blob read whole and verified against its descriptor.</summary>
    public Task<byte[]> GetBlobBytesAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return GetBlobBytesAsync(repository, descriptor.Digest, descriptor.Size, cancellationToken: cancellationToken);
    }
}
