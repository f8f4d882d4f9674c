namespace ContainerBuild.Frontend.Dockerfile.Expansion;

/// <summary>
/// A word that cannot be expanded: an unterminated quote, a bad <c>${...}</c>, or <c>${VAR:?message}</c> with VAR unset.
/// The converter adds the instruction's location (see <c>DockerfileParseException</c>).
/// </summary>
public sealed class ShellExpansionException : Exception
{
    public ShellExpansionException()
        : this(string.Empty, "the word cannot be expanded")
    {
    }

    public ShellExpansionException(string message)
        : this(string.Empty, message)
    {
    }

    public ShellExpansionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Word = string.Empty;
        Reason = message;
    }

    public ShellExpansionException(string word, string reason)
        : base($"failed to process \"{word}\": {reason}")
    {
        Word = word;
        Reason = reason;
    }

    /// <summary>The word as written.</summary>
    public string Word { get; }

    /// <summary>What was wrong (<c>syntax error: missing '}'</c>, <c>VAR: is not allowed to be unset</c>).</summary>
    public string Reason { get; }
}
