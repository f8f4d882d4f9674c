using System.Globalization;
using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Store;
using ContainerBuild.Graph;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Oci;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// <c>http://</c> and <c>https://</c> sources (Dockerfile <c>ADD URL</c>): the file is downloaded into the content store
/// while the cache map is made (with <c>http.checksum</c> it must have that digest, and a stored blob of that digest is
/// not downloaded again), so the key is the content; the result is a directory in the store holding the one file under
/// its name and permissions, read by copies like a local directory.
/// </summary>
internal sealed class HttpSourceOperation(Op op, EngineContext engine) : IOperation
{
    private const int DefaultPermissions = 0b110_000_000; // BuildKit's 0600

    // One client for the process: connection reuse, and the environment's proxies (HTTP_PROXY...) as HttpClient reads them.
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(30) };

    private Digest? content;

    public static bool Handles(string identifier) =>
        identifier.StartsWith("http://", StringComparison.Ordinal) || identifier.StartsWith("https://", StringComparison.Ordinal);

    private string Url => op.Source.Identifier;

    public async Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken)
    {
        if (Attr(LlbAttrs.HttpUid) is { Length: > 0 } || Attr(LlbAttrs.HttpGid) is { Length: > 0 })
        {
            throw new OpNotSupportedException("source", $"The in-process engine does not set an owner on downloads (http.uid/http.gid of {HttpSourceException.Redact(Url)}); chown in the copy instead.");
        }

        var expected = Attr(LlbAttrs.HttpChecksum) is { Length: > 0 } text
            ? Digest.TryParse(text, out var parsed) ? parsed : throw new HttpSourceException(Url, $"the checksum '{text}' is not a digest")
            : (Digest?)null;
        content = expected is { } known && engine.Store.Exists(known) ? known : await DownloadAsync(expected, cancellationToken).ConfigureAwait(false);
        return new CacheMap(OpKeys.Of(OpKeys.HttpSource, FileName, Permissions.ToString(CultureInfo.InvariantCulture), content.Value.ToString()));
    }

    public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
    {
        var digest = content ?? throw new InvalidOperationException("The http source runs after its cache map downloaded it.");
        var key = OpKeys.Of("containerbuild.http.dir.v1", digest.ToString(), Permissions.ToString(CultureInfo.InvariantCulture), FileName);
        var directory = Path.Combine(engine.Store.Root, "http", key.ToString().Replace(':', '-'));
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            // Written beside and renamed into place, so a concurrent build never reads half a file.
            Directory.CreateDirectory(directory);
            var temp = file + "." + Guid.NewGuid().ToString("N") + ".part";
            var source = engine.Store.OpenRead(digest);
            await using (source.ConfigureAwait(false))
            {
                var target = File.Create(temp);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, (UnixFileMode)Permissions);
            }

            File.Move(temp, file, overwrite: true);
        }

        return [new LocalDirResult("http", directory, new LocalWalkOptions())];
    }

    /// <summary><c>http.filename</c>, else the URL's last path element, else <c>index</c>.</summary>
    private string FileName
    {
        get
        {
            if (Attr(LlbAttrs.HttpFilename) is { Length: > 0 } given)
            {
                return given.Contains('/', StringComparison.Ordinal) || given is "." or ".."
                    ? throw new HttpSourceException(Url, $"the file name '{given}' is not a plain name")
                    : given;
            }

            var name = Uri.TryCreate(Url, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : "";
            return name.Length > 0 && name is not ("." or "..") ? Uri.UnescapeDataString(name) : "index";
        }
    }

    private int Permissions => Attr(LlbAttrs.HttpPerm) is { Length: > 0 } perm ? Convert.ToInt32(perm, 8) & 0xFFF : DefaultPermissions;

    private string? Attr(string key) => op.Source.Attrs.LastOrDefault(a => a.Key == key)?.Value;

    private async Task<Digest> DownloadAsync(Digest? expected, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Client.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HttpSourceException(Url, e.Message, e.StatusCode, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpSourceException(Url, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                try
                {
                    return (await engine.Store.WriteAsync(body, expected, cancellationToken: cancellationToken).ConfigureAwait(false)).Digest;
                }
                catch (ContentDigestMismatchException e)
                {
                    throw new HttpSourceException(Url, $"the content does not match the checksum {expected}", innerException: e);
                }
            }
        }
    }
}
