using System.Net;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// An <c>http(s)://</c> source (Dockerfile <c>ADD URL</c>) could not be fetched or did not match its checksum.
/// <see cref="Url"/> is redacted: no user info, no query.
/// </summary>
public sealed class HttpSourceException : Exception
{
    public HttpSourceException(string url, string problem, HttpStatusCode? status = null, Exception? innerException = null)
        : base($"Downloading {Redact(url)} failed: {problem}", innerException)
    {
        Url = Redact(url);
        Status = status;
    }

    public HttpSourceException()
        : this("", "the download failed")
    {
    }

    public HttpSourceException(string message)
        : this("", message)
    {
    }

    public HttpSourceException(string message, Exception innerException)
        : this("", message, null, innerException)
    {
    }

    /// <summary>The URL without user info or query (either may hold a credential).</summary>
    public string Url { get; }

    /// <summary>The server's status when it answered with an error.</summary>
    public HttpStatusCode? Status { get; }

    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path).Replace(uri.UserInfo + "@", "", StringComparison.Ordinal) : url;
}
