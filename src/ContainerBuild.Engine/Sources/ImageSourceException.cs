namespace ContainerBuild.Engine.Sources;

/// <summary>An image source could not be resolved; the message says what and, where it can, what to do.</summary>
public class ImageSourceException : Exception
{
    public ImageSourceException()
        : base("The image source could not be resolved.")
    {
    }

    public ImageSourceException(string message)
        : base(message)
    {
    }

    public ImageSourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
