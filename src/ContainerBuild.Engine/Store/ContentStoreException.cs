namespace ContainerBuild.Engine.Store;

/// <summary>The base of the content store's typed failures; an <see cref="IOException"/> so stream consumers see it as one.</summary>
public abstract class ContentStoreException : IOException
{
    protected ContentStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
