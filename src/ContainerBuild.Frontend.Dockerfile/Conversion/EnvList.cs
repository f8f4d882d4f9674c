namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>
/// The environment of a stage's LLB state (BuildKit's <c>State.AddEnv</c>): the base config's env, then ENV and ARG
/// values in the order they come, a name set again replacing its value in place. RUN steps get it and words expand
/// against it; the image config's env is kept apart, in the state's metadata.
/// </summary>
internal sealed class EnvList
{
    private readonly List<KeyValuePair<string, string>> entries;

    public EnvList()
        : this([])
    {
    }

    private EnvList(List<KeyValuePair<string, string>> entries) => this.entries = entries;

    /// <summary>An env from <c>NAME=value</c> entries (an entry without '=' is a name with an empty value).</summary>
    public static EnvList FromEntries(IEnumerable<string> entries)
    {
        var env = new EnvList();
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            env.Set(equals < 0 ? entry : entry[..equals], equals < 0 ? "" : entry[(equals + 1)..]);
        }

        return env;
    }

    public EnvList Clone() => new([.. entries]);

    public void Set(string name, string value)
    {
        var at = entries.FindIndex(e => string.Equals(e.Key, name, StringComparison.Ordinal));
        if (at >= 0)
        {
            entries[at] = new(name, value);
        }
        else
        {
            entries.Add(new(name, value));
        }
    }

    /// <summary>The value, or null when the name is not set.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in entries)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    public IReadOnlyList<string> ToEntries() => [.. entries.Select(e => e.Key + "=" + e.Value)];
}
