namespace ContainerBuild.Engine.Exporting;

/// <summary>An output attribute (<c>-o type=image,KEY=VALUE</c>) is unknown or has a value it does not take.</summary>
public sealed class InvalidExportAttributeException : Exception
{
    public InvalidExportAttributeException(string attribute, string? value, string message)
        : base(message)
    {
        Attribute = attribute;
        Value = value;
    }

    public InvalidExportAttributeException()
        : this("", null, "An output attribute is invalid.")
    {
    }

    public InvalidExportAttributeException(string message)
        : this("", null, message)
    {
    }

    public InvalidExportAttributeException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Attribute = "";
    }

    public InvalidExportAttributeException(string attribute, string? value, string message, Exception? innerException)
        : base(message, innerException)
    {
        Attribute = attribute;
        Value = value;
    }

    /// <summary>The attribute's key (such as <c>compression</c>), or <c>type</c> for the output type.</summary>
    public string Attribute { get; }

    public string? Value { get; }
}
