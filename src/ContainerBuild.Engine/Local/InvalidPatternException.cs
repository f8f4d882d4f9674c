namespace ContainerBuild.Engine.Local;

/// <summary>A file pattern (include, exclude or .dockerignore line) that Docker would reject as malformed.</summary>
public sealed class InvalidPatternException : FormatException
{
    public InvalidPatternException(string pattern, string reason)
        : base($"The file pattern '{pattern}' is not valid: {reason}.")
    {
        Pattern = pattern;
        Reason = reason;
    }

    /// <summary>The pattern as it was given.</summary>
    public string Pattern { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
