namespace ContainerBuild.Progress;

/// <summary>Chooses and creates a printer for a <c>--progress</c> mode.</summary>
public static class ProgressPrinters
{
    /// <summary>BuildKit's variable; it overrides the mode only when the mode is <c>auto</c>.</summary>
    public const string ModeVariable = "BUILDKIT_PROGRESS";

    /// <summary>Parses <c>auto|plain|tty|rawjson|quiet</c> (and buildx's <c>none</c>, which is quiet).</summary>
    /// <exception cref="ArgumentException">The text names no mode.</exception>
    public static ProgressMode Parse(string? text) => TryParse(text, out var mode)
        ? mode
        : throw new ArgumentException($"'{text}' is not a progress mode: use auto, plain, tty, rawjson or quiet.", nameof(text));

    public static bool TryParse(string? text, out ProgressMode mode)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case null or "" or "AUTO":
                mode = ProgressMode.Auto;
                return true;
            case "PLAIN":
                mode = ProgressMode.Plain;
                return true;
            case "TTY":
                mode = ProgressMode.Tty;
                return true;
            case "RAWJSON":
                mode = ProgressMode.RawJson;
                return true;
            case "QUIET" or "NONE":
                mode = ProgressMode.Quiet;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>
    /// The mode to print in: an explicit mode as given; <c>auto</c> takes <c>BUILDKIT_PROGRESS</c> when it names a mode,
    /// else tty on a console and plain otherwise. Tty falls back to plain on a terminal that cannot move the cursor (TERM=dumb).
    /// </summary>
    public static ProgressMode Resolve(ProgressMode requested, IReadOnlyDictionary<string, string?> environment, bool isConsole)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var mode = requested;
        if (mode == ProgressMode.Auto && environment.TryGetValue(ModeVariable, out var fromEnvironment) && TryParse(fromEnvironment, out var parsed))
        {
            mode = parsed;
        }

        if (mode == ProgressMode.Auto)
        {
            mode = isConsole ? ProgressMode.Tty : ProgressMode.Plain;
        }

        var dumb = environment.TryGetValue("TERM", out var term) && string.Equals(term, "dumb", StringComparison.Ordinal);
        return mode == ProgressMode.Tty && dumb ? ProgressMode.Plain : mode;
    }

    public static IProgressPrinter Create(ProgressMode requested, TextWriter output, IReadOnlyDictionary<string, string?> environment, bool isConsole) =>
        Resolve(requested, environment, isConsole) switch
        {
            ProgressMode.RawJson => new RawJsonProgressPrinter(output),
            ProgressMode.Quiet => new QuietProgressPrinter(),
            ProgressMode.Tty => new TtyProgressPrinter(output, TtyProgressOptions.FromEnvironment(environment, isConsole)),
            _ => new PlainProgressPrinter(output),
        };
}
