namespace ContainerBuild.Engine.Ops;

/// <summary>The Definition asks for something the in-process engine cannot do yet; the message says what and which issue brings it.</summary>
public sealed class OpNotSupportedException : NotSupportedException
{
    public OpNotSupportedException(string feature, string message)
        : base(message)
    {
        Feature = feature;
    }

    public OpNotSupportedException()
    {
        Feature = "";
    }

    public OpNotSupportedException(string message)
        : base(message)
    {
        Feature = "";
    }

    public OpNotSupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Feature = "";
    }

    /// <summary>What is unsupported: <c>exec</c>, <c>diff</c>, a source scheme...</summary>
    public string Feature { get; }
}
