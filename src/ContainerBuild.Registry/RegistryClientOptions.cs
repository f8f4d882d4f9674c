namespace ContainerBuild.Registry;

/// <summary>How a <see cref="RegistryClient"/> behaves; the host fills it from its configuration and environment.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>The variable that lists registries to reach over plain HTTP (comma-separated), as the .NET SDK reads it.</summary>
    public const string InsecureRegistriesVariable = "DOTNET_CONTAINER_INSECURE_REGISTRIES";

    public ICredentialSource Credentials { get; init; } = CredentialStore.Anonymous;

    /// <summary>Registries (host[:port]) that may use HTTP or unverified HTTPS: HTTPS is tried first, then HTTP, as Docker does.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Blobs pushed at once by <see cref="RegistryClient.PushBlobsAsync"/>.</summary>
    public int MaxParallelUploads { get; init; } = 4;

    /// <summary>Blobs larger than this are sent in chunks rather than in one PUT.</summary>
    public long ChunkedUploadThreshold { get; init; } = 512L * 1024 * 1024;

    /// <summary>The size of one PATCH in a chunked upload (raised to the registry's OCI-Chunk-Min-Length).</summary>
    public int ChunkSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Send every blob in chunks (registries that need it, and tests).</summary>
    public bool ForceChunkedUpload { get; init; }

    /// <summary>
    /// Try the spec's single-request upload (POST ?digest= with the body) first. A registry that answers
    /// 202 instead (distribution 2.8 does) discarded the body: the client then uploads the usual way
    /// and stops trying for that registry.
    /// </summary>
    public bool SinglePostUpload { get; init; }

    public string UserAgent { get; init; } = "containerbuild/0.1";

    /// <summary>The OAuth2 client_id sent to token services.</summary>
    public string ClientId { get; init; } = "containerbuild";

    /// <summary>How long to wait for a TCP (and TLS) connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a request without a streamed body may take to answer (streamed blobs are not limited).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Receives one redacted line per HTTP request; null for none.</summary>
    public Action<string>? Log { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The registries of <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>, from an environment the host read.</summary>
    public static IReadOnlyList<string> InsecureRegistriesFrom(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.TryGetValue(InsecureRegistriesVariable, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }
}
