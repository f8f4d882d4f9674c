using System.Net;

namespace ContainerBuild.Registry;

/// <summary>
/// A registry said no, or could not be understood. Carries the facts: the registry, the HTTP status,
/// the protocol's error codes and a redacted URL (never a credential or token).
/// </summary>
public class RegistryException : Exception
{
    public RegistryException()
        : this("The registry request failed.")
    {
    }

    public RegistryException(string message)
        : this(message, null)
    {
    }

    public RegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Registry = "";
        Errors = [];
    }

    public RegistryException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Registry = failure.Registry;
        StatusCode = failure.StatusCode;
        Errors = failure.Errors;
        RedactedUrl = failure.RedactedUrl;
        Method = failure.Method;
    }

    /// <summary>The registry host (and port) the request went to.</summary>
    public string Registry { get; }

    /// <summary>The HTTP status, or null when no response came back.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The errors of the registry's JSON body (empty when it had none or was not JSON).</summary>
    public IReadOnlyList<RegistryError> Errors { get; }

    /// <summary>The request URL without credentials or token query values.</summary>
    public string? RedactedUrl { get; }

    /// <summary>The HTTP method of the failed request.</summary>
    public string? Method { get; }

    /// <summary>Whether the registry reported this error code.</summary>
    public bool HasErrorCode(string code) => Errors.Any(e => string.Equals(e.Code, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The facts of a failed registry request, gathered once and handed to an exception.</summary>
public sealed record RegistryFailure(
    string Registry,
    string? Method,
    string? RedactedUrl,
    HttpStatusCode? StatusCode,
    IReadOnlyList<RegistryError> Errors)
{
    /// <summary>"GET http://host/v2/...: 404 (MANIFEST_UNKNOWN: manifest unknown)" for messages.</summary>
    public string Describe()
    {
        var what = Method is null ? RedactedUrl : $"{Method} {RedactedUrl}";
        var status = StatusCode is { } s ? $"{(int)s} {s}" : "no response";
        var errors = Errors.Count == 0 ? "" : $" ({string.Join("; ", Errors)})";
        return $"{what}: {status}{errors}";
    }
}
