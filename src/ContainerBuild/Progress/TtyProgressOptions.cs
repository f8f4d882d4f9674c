using System.Globalization;

namespace ContainerBuild.Progress;

/// <summary>The terminal the tty printer draws on, and how often it redraws (BuildKit's knobs: BUILDKIT_TTY_LOG_LINES, TTY_DISPLAY_RATE).</summary>
public sealed record TtyProgressOptions
{
    /// <summary>Columns; each line is cut to fit so the redraw never wraps.</summary>
    public int Width { get; init; } = 80;

    /// <summary>Rows; the live view keeps to one fewer, dropping finished steps first. Null for no limit.</summary>
    public int? Height { get; init; }

    /// <summary>How many of a running step's last log lines the live view shows.</summary>
    public int LogLines { get; init; } = 6;

    /// <summary>The time between redraws.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The geometry of the console (when <paramref name="isConsole"/>), overridden by COLUMNS and LINES, with
    /// BUILDKIT_TTY_LOG_LINES and TTY_DISPLAY_RATE (milliseconds) as BuildKit reads them.
    /// </summary>
    public static TtyProgressOptions FromEnvironment(IReadOnlyDictionary<string, string?> environment, bool isConsole)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var options = new TtyProgressOptions();
        if (isConsole)
        {
            try
            {
                // A terminal that does not know its size (a fresh pseudo-terminal) says 0: keep the defaults then.
                var (width, height) = (Console.WindowWidth, Console.WindowHeight);
                options = options with { Width = width > 0 ? width : options.Width, Height = height > 0 ? height : options.Height };
            }
            catch (IOException)
            {
                // Not a terminal after all (redirected at a lower level): keep the defaults.
            }
        }

        if (Number(environment, "COLUMNS") is { } columns)
        {
            options = options with { Width = columns };
        }

        if (Number(environment, "LINES") is { } lines)
        {
            options = options with { Height = lines };
        }

        if (Number(environment, "BUILDKIT_TTY_LOG_LINES") is { } logLines)
        {
            options = options with { LogLines = logLines };
        }

        if (Number(environment, "TTY_DISPLAY_RATE") is { } rate)
        {
            options = options with { Interval = TimeSpan.FromMilliseconds(Math.Max(10, rate)) };
        }

        return options with { Width = Math.Max(options.Width, 20), Height = options.Height is { } h ? Math.Max(h, 3) : null };
    }

    private static int? Number(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
