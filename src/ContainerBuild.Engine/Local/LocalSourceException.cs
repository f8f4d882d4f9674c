namespace ContainerBuild.Engine.Local;

/// <summary>The base of the local directory walker's and checksummer's typed failures.</summary>
public abstract class LocalSourceException : IOException
{
    protected LocalSourceException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
