namespace ContainerBuild.Engine.Exec;

/// <summary>The base of the executor's typed failures.</summary>
public abstract class ExecException : Exception
{
    protected ExecException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
