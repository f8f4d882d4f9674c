namespace ContainerBuild;

/// <summary>A reference given by the user does not parse; the message says which one and why.</summary>
public sealed class InvalidImageReferenceException : Exception
{
    public InvalidImageReferenceException()
        : base("The image reference is not valid.")
    {
        Reference = "";
    }

    public InvalidImageReferenceException(string message)
        : base(message)
    {
        Reference = "";
    }

    public InvalidImageReferenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reference = "";
    }

    public InvalidImageReferenceException(string reference, FormatException innerException)
        : base(innerException?.Message ?? $"'{reference}' is not a valid image reference.", innerException)
    {
        Reference = reference;
    }

    public string Reference { get; }
}
