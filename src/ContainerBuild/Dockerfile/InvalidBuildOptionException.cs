namespace ContainerBuild.Dockerfile;

/// <summary>A build option (<c>--secret</c>, <c>--ssh</c>, <c>--build-arg</c>, <c>--platform</c>, <c>-t</c>...) that does not parse or names nothing usable.</summary>
public sealed class InvalidBuildOptionException : Exception
{
    public InvalidBuildOptionException(string option, string? value, string message)
        : base(message)
    {
        Option = option;
        Value = value;
    }

    public InvalidBuildOptionException()
        : this("", null, "A build option is invalid.")
    {
    }

    public InvalidBuildOptionException(string message)
        : this("", null, message)
    {
    }

    public InvalidBuildOptionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Option = "";
    }

    /// <summary>The option as the CLI spells it (<c>--secret</c>).</summary>
    public string Option { get; }

    /// <summary>The value given; for <c>--secret</c> only its attributes, never the secret.</summary>
    public string? Value { get; }
}
