namespace ContainerBuild.Engine.Export;

/// <summary>An export could not be done; the message says what and, where it can, what to do.</summary>
public class ExportException : Exception
{
    public ExportException()
        : base("The export failed.")
    {
    }

    public ExportException(string message)
        : base(message)
    {
    }

    public ExportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
