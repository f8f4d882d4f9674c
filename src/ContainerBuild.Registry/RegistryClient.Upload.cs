using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ContainerBuild.Oci;

namespace ContainerBuild.Registry;

public sealed partial class RegistryClient
{
    private const string ChunkMinLengthHeader = "OCI-Chunk-Min-Length";

    /// <summary>
    /// Pushes blobs, a bounded number at once (<see cref="RegistryClientOptions.MaxParallelUploads"/>),
    /// each as <see cref="PushBlobAsync"/> does. Results come back in the order of <paramref name="blobs"/>.
    /// </summary>
    public async Task<IReadOnlyList<BlobPushResult>> PushBlobsAsync(
        string repository, IReadOnlyList<BlobSource> blobs, string? mountFrom = null, IProgress<BlobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var results = new BlobPushResult[blobs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelUploads), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, blobs.Count), parallel, async (i, ct) =>
            results[i] = await PushBlobAsync(repository, blobs[i], mountFrom, progress, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Makes the repository hold a blob, sending as little as possible: nothing when it is already
    /// there (HEAD), nothing when it can be mounted from <paramref name="mountFrom"/> in the same
    /// registry (POST ?mount=&amp;from=, 201), else an upload: one PUT, or PATCH chunks then PUT for
    /// blobs over the threshold or registries that refuse one PUT. A dropped upload restarts (bounded).
    /// </summary>
    public async Task<BlobPushResult> PushBlobAsync(
        string repository, BlobSource blob, string? mountFrom = null, IProgress<BlobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        RepositoryNames.EnsureRepository(repository);
        if (await BlobExistsAsync(repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(new BlobProgress(blob.Digest, blob.Size, blob.Size));
            return new BlobPushResult(blob.Digest, blob.Size, BlobPushOutcome.AlreadyExists, 0);
        }

        UploadSession session;
        long posted = 0;
        if (mountFrom is not null && !string.Equals(mountFrom, repository, StringComparison.Ordinal))
        {
            RepositoryNames.EnsureRepository(mountFrom);
            var mounted = await MountAsync(repository, blob.Digest, mountFrom, cancellationToken).ConfigureAwait(false);
            if (mounted is null)
            {
                progress?.Report(new BlobProgress(blob.Digest, blob.Size, blob.Size));
                return new BlobPushResult(blob.Digest, blob.Size, BlobPushOutcome.Mounted, 0);
            }

            session = mounted;
        }
        else if (options.SinglePostUpload && !singlePostRefused && !(options.ForceChunkedUpload || blob.Size > options.ChunkedUploadThreshold))
        {
            var opened = await TrySinglePostAsync(repository, blob, progress, n => Interlocked.Add(ref posted, n), cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return new BlobPushResult(blob.Digest, blob.Size, BlobPushOutcome.Uploaded, posted);
            }

            singlePostRefused = true; // the body was discarded; upload the usual way from now on
            session = opened;
        }
        else
        {
            session = await StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        }

        return await UploadAsync(repository, session, blob, progress, posted, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BlobPushResult> UploadAsync(
        string repository, UploadSession session, BlobSource blob, IProgress<BlobProgress>? progress, long alreadySent, CancellationToken cancellationToken)
    {
        var chunked = options.ForceChunkedUpload || blob.Size > options.ChunkedUploadThreshold;
        var sent = alreadySent;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (chunked)
                {
                    await UploadInChunksAsync(repository, session, blob, progress, n => Interlocked.Add(ref sent, n), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await UploadWholeAsync(repository, session, blob, progress, n => Interlocked.Add(ref sent, n), cancellationToken).ConfigureAwait(false);
                }

                return new BlobPushResult(blob.Digest, blob.Size, chunked ? BlobPushOutcome.UploadedInChunks : BlobPushOutcome.Uploaded, sent);
            }
            catch (RegistryException e) when (!chunked && NeedsChunks(e))
            {
                chunked = true; // this registry wants chunks: start over with them, once
            }
            catch (RegistryUnavailableException) when (attempt < options.Retry.MaxAttempts)
            {
                await Task.Delay(options.Retry.DelayAfter(attempt, null), options.Time, cancellationToken).ConfigureAwait(false);
            }

            session = await StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>POST ?digest= with the body: null when the registry took it (201); else the session it opened instead (202).</summary>
    private async Task<UploadSession?> TrySinglePostAsync(
        string repository, BlobSource blob, IProgress<BlobProgress>? progress, Action<int> counted, CancellationToken cancellationToken)
    {
        var what = $"the single-request upload of {blob.Digest} to {repository}";
        var source = await blob.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var request = await CreateRequestAsync(
            HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?digest={Uri.EscapeDataString(blob.Digest.ToString())}", [RegistryRequestOptions.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        request.Content = new StreamContent(new ProgressStream(source, blob.Digest, blob.Size, progress, counted), 81920);
        request.Content.Headers.ContentLength = blob.Size;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            return Session(response, what);
        }

        await EnsureCommittedAsync(response, blob.Digest, what, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Null when the blob was mounted; else the upload session the registry opened instead.</summary>
    private async Task<UploadSession?> MountAsync(string repository, Digest digest, string from, CancellationToken cancellationToken)
    {
        var what = $"mount of {digest} from {from} into {repository}";
        var query = $"?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(from)}";
        using var request = await CreateRequestAsync(
            HttpMethod.Post, $"/v2/{repository}/blobs/uploads/{query}", [RegistryRequestOptions.PullPush(repository), RegistryRequestOptions.Pull(from)], cancellationToken).ConfigureAwait(false);
        request.Options.Set(RegistryRequestOptions.Retryable, true);
        request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return null;
        }

        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            return Session(response, what);
        }

        throw await FailAsync(response, RegistryResourceKind.Upload, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task<UploadSession> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        var what = $"a blob upload to {repository}";
        using var request = await CreateRequestAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", [RegistryRequestOptions.PullPush(repository)], cancellationToken).ConfigureAwait(false);
        request.Options.Set(RegistryRequestOptions.Retryable, true);
        request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await FailAsync(response, RegistryResourceKind.Upload, what, cancellationToken).ConfigureAwait(false);
        }

        return Session(response, what);
    }

    private UploadSession Session(HttpResponseMessage response, string what)
    {
        var location = response.Headers.Location ?? throw new RegistryProtocolException(
            $"Registry {Registry} opened {what} without a Location header.",
            new RegistryFailure(Registry, "POST", UrlRedactor.Redact(response.RequestMessage?.RequestUri), response.StatusCode, []));
        var absolute = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
        var minChunk = response.Headers.NonValidated.TryGetValues(ChunkMinLengthHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var min) ? min : 0;
        return new UploadSession(absolute, minChunk);
    }

    private async Task UploadWholeAsync(
        string repository, UploadSession session, BlobSource blob, IProgress<BlobProgress>? progress, Action<int> counted, CancellationToken cancellationToken)
    {
        var what = $"the upload of {blob.Digest} to {repository}";
        var source = await blob.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var request = CreateRequest(HttpMethod.Put, WithDigest(session.Location, blob.Digest), [RegistryRequestOptions.PullPush(repository)]);
        request.Content = new StreamContent(new ProgressStream(source, blob.Digest, blob.Size, progress, counted), 81920);
        request.Content.Headers.ContentLength = blob.Size;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
        await EnsureCommittedAsync(response, blob.Digest, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadInChunksAsync(
        string repository, UploadSession session, BlobSource blob, IProgress<BlobProgress>? progress, Action<int> counted, CancellationToken cancellationToken)
    {
        var what = $"the chunked upload of {blob.Digest} to {repository}";
        var chunkSize = (int)Math.Max(Math.Max(1, options.ChunkSize), Math.Min(session.MinChunkLength, int.MaxValue / 2));
        var location = session.Location;
        var buffer = new byte[(int)Math.Min(chunkSize, Math.Max(1, blob.Size))];
        long offset = 0;
        var source = await blob.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            while (true)
            {
                var filled = await FillAsync(source, buffer, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                using var request = CreateRequest(HttpMethod.Patch, location, [RegistryRequestOptions.PullPush(repository)]);
                request.Content = new ByteArrayContent(buffer, 0, filled);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + filled - 1}");
                using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.NoContent or HttpStatusCode.Created))
                {
                    throw await FailAsync(response, RegistryResourceKind.Upload, what, cancellationToken).ConfigureAwait(false);
                }

                location = response.Headers.Location is { } next ? (next.IsAbsoluteUri ? next : new Uri(location, next)) : location;
                offset += filled;
                counted(filled);
                progress?.Report(new BlobProgress(blob.Digest, offset, blob.Size));
            }
        }

        if (offset != blob.Size)
        {
            throw new BlobDigestMismatchException(blob.Digest, null, blob.Size, offset, "the blob source");
        }

        using var close = CreateRequest(HttpMethod.Put, WithDigest(location, blob.Digest), [RegistryRequestOptions.PullPush(repository)]);
        close.Content = new ByteArrayContent([]);
        using var closed = await SendAsync(close, HttpCompletionOption.ResponseContentRead, what, cancellationToken).ConfigureAwait(false);
        await EnsureCommittedAsync(closed, blob.Digest, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureCommittedAsync(HttpResponseMessage response, Digest digest, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.OK))
        {
            throw await FailAsync(response, RegistryResourceKind.Upload, what, cancellationToken).ConfigureAwait(false);
        }

        if (HeaderDigest(response) is { } announced && announced.Algorithm == digest.Algorithm && announced != digest)
        {
            throw new BlobDigestMismatchException(digest, announced, null, 0, $"registry {Registry} after {what}");
        }
    }

    /// <summary>Registries that refuse one big PUT: 413, 405, 416, or BLOB_UPLOAD_INVALID / SIZE_INVALID.</summary>
    private static bool NeedsChunks(RegistryException e) =>
        e is not RegistryUnavailableException
        && (e.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.MethodNotAllowed or HttpStatusCode.RequestedRangeNotSatisfiable
            || e.HasErrorCode(RegistryErrorCodes.BlobUploadInvalid) || e.HasErrorCode(RegistryErrorCodes.SizeInvalid));

    private static Uri WithDigest(Uri location, Digest digest)
    {
        var builder = new UriBuilder(location);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        return builder.Uri;
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private sealed record UploadSession(Uri Location, long MinChunkLength);
}
