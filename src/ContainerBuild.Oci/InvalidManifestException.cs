namespace ContainerBuild.Oci;

/// <summary>
/// A manifest, index or image config that is not valid JSON of its kind. The message says what is
/// wrong; <see cref="Field"/> names where (<c>layers[1].digest</c>), when one field is to blame.
/// </summary>
public sealed class InvalidManifestException : Exception
{
    public InvalidManifestException()
        : base("The manifest is not valid.")
    {
    }

    public InvalidManifestException(string message)
        : base(message)
    {
    }

    public InvalidManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidManifestException(string message, string? field, MediaType? mediaType = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
        MediaType = mediaType;
    }

    /// <summary>The JSON field at fault, as a path from the document's root (<c>config.digest</c>), or null.</summary>
    public string? Field { get; }

    /// <summary>The media type the document was read as, when it was known.</summary>
    public MediaType? MediaType { get; }
}
