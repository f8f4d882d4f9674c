namespace ContainerBuild.Graph;

/// <summary>Bytes that are not a usable LLB Definition: what is wrong is in the message.</summary>
public sealed class InvalidDefinitionException : Exception
{
    public InvalidDefinitionException()
        : this("The data is not an LLB definition.")
    {
    }

    public InvalidDefinitionException(string message)
        : base(message)
    {
    }

    public InvalidDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
