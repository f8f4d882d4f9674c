namespace ContainerBuild;

/// <summary>A request ImageTools cannot carry out as asked (no sources, a source that is not an image, ...).</summary>
public sealed class ImageToolsException : Exception
{
    public ImageToolsException()
        : base("The image tools request failed.")
    {
    }

    public ImageToolsException(string message)
        : base(message)
    {
    }

    public ImageToolsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
