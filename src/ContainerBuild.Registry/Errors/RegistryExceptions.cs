namespace ContainerBuild.Registry;

/// <summary>401: no credentials, wrong credentials, or a token service that refused them.</summary>
public sealed class RegistryAuthenticationException : RegistryException
{
    public RegistryAuthenticationException()
    {
    }

    public RegistryAuthenticationException(string message)
        : base(message)
    {
    }

    public RegistryAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryAuthenticationException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>403 or DENIED: the credentials are fine but do not allow this action (or none were given).</summary>
public sealed class RegistryAccessDeniedException : RegistryException
{
    public RegistryAccessDeniedException()
    {
    }

    public RegistryAccessDeniedException(string message)
        : base(message)
    {
    }

    public RegistryAccessDeniedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryAccessDeniedException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>MANIFEST_UNKNOWN or a 404 for a manifest: the tag or digest is not in the repository.</summary>
public sealed class ManifestNotFoundException : RegistryException
{
    public ManifestNotFoundException()
    {
    }

    public ManifestNotFoundException(string message)
        : base(message)
    {
    }

    public ManifestNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ManifestNotFoundException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>BLOB_UNKNOWN or a 404 for a blob.</summary>
public sealed class BlobNotFoundException : RegistryException
{
    public BlobNotFoundException()
    {
    }

    public BlobNotFoundException(string message)
        : base(message)
    {
    }

    public BlobNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public BlobNotFoundException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>NAME_UNKNOWN: the repository does not exist in the registry.</summary>
public sealed class RepositoryNameUnknownException : RegistryException
{
    public RepositoryNameUnknownException()
    {
    }

    public RepositoryNameUnknownException(string message)
        : base(message)
    {
    }

    public RepositoryNameUnknownException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RepositoryNameUnknownException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>No HTTP answer at all (connection refused, reset, DNS, TLS), after the bounded retries.</summary>
public sealed class RegistryUnavailableException : RegistryException
{
    public RegistryUnavailableException()
    {
    }

    public RegistryUnavailableException(string message)
        : base(message)
    {
    }

    public RegistryUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryUnavailableException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>The registry answered something the protocol does not allow: a bad digest header, a missing Location, a manifest whose bytes do not match its digest.</summary>
public sealed class RegistryProtocolException : RegistryException
{
    public RegistryProtocolException()
    {
    }

    public RegistryProtocolException(string message)
        : base(message)
    {
    }

    public RegistryProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RegistryProtocolException(string message, RegistryFailure failure, Exception? innerException = null)
        : base(message, failure, innerException)
    {
    }
}

/// <summary>A token service realm that the SSRF policy refuses (a private or loopback address for a public registry).</summary>
public sealed class RegistryTokenRealmRejectedException : RegistryException
{
    public RegistryTokenRealmRejectedException()
    {
    }

    public RegistryTokenRealmRejectedException(string message)
        : base(message)
    {
    }

    public RegistryTokenRealmRejectedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
