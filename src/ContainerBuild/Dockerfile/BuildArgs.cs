namespace ContainerBuild.Dockerfile;

/// <summary>
/// <c>--build-arg</c> and <c>--label</c> values as buildx reads them: <c>NAME=VALUE</c>; a bare <c>NAME</c> build arg takes
/// its value from the environment and is left out when the environment has none; a bare label is empty.
/// </summary>
public static class BuildArgs
{
    /// <summary>The proxy variables BuildKit predefines as build args (kept out of history and cache keys).</summary>
    public static IReadOnlyList<string> ProxyNames { get; } =
    [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    ];

    public static Dictionary<string, string> Parse(IEnumerable<string> values, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(environment);
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var (name, text) = Split("--build-arg", value);
            if (text is not null)
            {
                args[name] = text;
            }
            else if (environment.TryGetValue(name, out var fromEnvironment) && fromEnvironment is not null)
            {
                args[name] = fromEnvironment;
            }
        }

        return args;
    }

    public static Dictionary<string, string> ParseLabels(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var (name, text) = Split("--label", value);
            labels[name] = text ?? "";
        }

        return labels;
    }

    private static (string Name, string? Value) Split(string option, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? value : value[..equals];
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidBuildOptionException(option, value, $"{option} '{value}' names nothing: write NAME=VALUE{(option == "--build-arg" ? ", or NAME to take the value from the environment" : "")}.");
        }

        return (name, equals < 0 ? null : value[(equals + 1)..]);
    }
}
