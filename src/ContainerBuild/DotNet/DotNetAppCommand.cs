namespace ContainerBuild.DotNet;

/// <summary>
/// The entrypoint and cmd of a .NET app's image by <c>ContainerAppCommandInstruction</c>, as the SDK sets them:
/// <c>Entrypoint</c> (the default) runs the app command with its arguments and takes the default args as cmd;
/// <c>DefaultArgs</c> keeps the base's entrypoint and puts the whole command into cmd; <c>None</c> keeps the base's
/// entrypoint and takes only the default args (or the base's cmd). A base entrypoint that is only <c>dotnet</c> is
/// dropped, since the app command starts dotnet itself.
/// </summary>
public static class DotNetAppCommand
{
    public const string Entrypoint = "Entrypoint";
    public const string DefaultArgs = "DefaultArgs";
    public const string None = "None";

    /// <summary>The final entrypoint and cmd (empty for none), to set on the image as they are.</summary>
    /// <exception cref="ArgumentException">An unknown instruction, arguments without a command, or a command with <c>None</c>.</exception>
    public static (IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd) Resolve(
        string? instruction,
        IReadOnlyList<string> appCommand,
        IReadOnlyList<string> appCommandArgs,
        IReadOnlyList<string> defaultArgs,
        IReadOnlyList<string>? baseEntrypoint,
        IReadOnlyList<string>? baseCmd)
    {
        ArgumentNullException.ThrowIfNull(appCommand);
        ArgumentNullException.ThrowIfNull(appCommandArgs);
        ArgumentNullException.ThrowIfNull(defaultArgs);
        if (appCommandArgs.Count > 0 && appCommand.Count == 0)
        {
            throw new ArgumentException("ContainerAppCommandArgs are set but ContainerAppCommand is empty: set the command the arguments are for.", nameof(appCommandArgs));
        }

        IReadOnlyList<string> inherited = baseEntrypoint is [var only] && only is "dotnet" or "/usr/bin/dotnet" ? [] : baseEntrypoint ?? [];
        switch (Normalize(instruction))
        {
            case Entrypoint:
                return appCommand.Count == 0 ? (inherited, defaultArgs) : ([.. appCommand, .. appCommandArgs], defaultArgs);
            case DefaultArgs:
                return (inherited, [.. appCommand, .. appCommandArgs, .. defaultArgs]);
            default:
                if (appCommand.Count > 0)
                {
                    throw new ArgumentException(
                        $"ContainerAppCommandInstruction is None, so ContainerAppCommand ({string.Join(' ', appCommand)}) would not be used: clear it, or use Entrypoint or DefaultArgs.",
                        nameof(appCommand));
                }

                return (inherited, defaultArgs.Count > 0 ? defaultArgs : baseCmd ?? []);
        }
    }

    /// <summary>The instruction's canonical spelling (empty means <c>Entrypoint</c>; case is ignored).</summary>
    /// <exception cref="ArgumentException">Not one of Entrypoint, DefaultArgs, None.</exception>
    public static string Normalize(string? instruction)
    {
        if (string.IsNullOrWhiteSpace(instruction))
        {
            return Entrypoint;
        }

        foreach (var known in (string[])[Entrypoint, DefaultArgs, None])
        {
            if (string.Equals(instruction.Trim(), known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        throw new ArgumentException($"ContainerAppCommandInstruction '{instruction}' is not known: use Entrypoint, DefaultArgs or None.", nameof(instruction));
    }
}
