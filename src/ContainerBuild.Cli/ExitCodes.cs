namespace ContainerBuild.Cli;

/// <summary>The exit codes of every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and failed (registry, network, image problems).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown option, missing argument, a value that does not parse.</summary>
    public const int Usage = 2;
}
