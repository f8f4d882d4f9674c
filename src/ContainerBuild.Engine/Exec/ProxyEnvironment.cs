namespace ContainerBuild.Engine.Exec;

/// <summary>
/// Proxy settings passed into a RUN's environment (LLB <c>ProxyEnv</c>), each in lower and upper case. They are
/// deliberately never part of the op's cache key: the same step behind another proxy gives the same result.
/// </summary>
public sealed record ProxyEnvironment
{
    public string? HttpProxy { get; init; }

    public string? HttpsProxy { get; init; }

    public string? FtpProxy { get; init; }

    public string? NoProxy { get; init; }

    public string? AllProxy { get; init; }

    /// <summary>The settings from a process environment (either case; lower case wins when both are set).</summary>
    public static ProxyEnvironment FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) =>
            environment.TryGetValue(name, out var lower) && !string.IsNullOrEmpty(lower) ? lower
            : environment.TryGetValue(name.ToUpperInvariant(), out var upper) && !string.IsNullOrEmpty(upper) ? upper
            : null;
        return new ProxyEnvironment
        {
            HttpProxy = Get("http_proxy"),
            HttpsProxy = Get("https_proxy"),
            FtpProxy = Get("ftp_proxy"),
            NoProxy = Get("no_proxy"),
            AllProxy = Get("all_proxy"),
        };
    }

    /// <summary><c>NAME=value</c> entries, lower case then upper case, for every setting that is set.</summary>
    public IEnumerable<string> ToEnv()
    {
        foreach (var (name, value) in new (string Name, string? Value)[] { ("http_proxy", HttpProxy), ("https_proxy", HttpsProxy), ("ftp_proxy", FtpProxy), ("no_proxy", NoProxy), ("all_proxy", AllProxy) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return $"{name}={value}";
                yield return $"{name.ToUpperInvariant()}={value}";
            }
        }
    }
}
