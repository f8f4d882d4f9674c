using System.Globalization;

namespace ContainerBuild.Build;

/// <summary>The source date from <c>SOURCE_DATE_EPOCH</c> (DESIGN decision 6), read from an environment a host passed in.</summary>
public static class SourceDateEpoch
{
    public const string Variable = "SOURCE_DATE_EPOCH";

    /// <summary>The date the variable gives, or null when it is unset or empty.</summary>
    /// <exception cref="FormatException">The variable is set but is not whole seconds since 1970.</exception>
    public static DateTimeOffset? FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue(Variable, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new FormatException($"{Variable}='{text}' is not a number of seconds since 1970-01-01 (such as `git log -1 --format=%ct`).");
    }
}
