namespace ContainerBuild.Registry;

/// <summary>A registry token, valid for a set of scopes until it expires.</summary>
internal sealed record BearerToken(string Value, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"BearerToken {{ Scopes = {string.Join(' ', Scopes)}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>
/// Tokens of one registry, reused for any request whose scopes they cover (a pull,push token serves a
/// pull) until shortly before they expire. One per client, never static.
/// </summary>
internal sealed class BearerTokenCache(TimeProvider time)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);
    private readonly Lock gate = new();
    private readonly List<BearerToken> tokens = [];

    public BearerToken? Find(IReadOnlyCollection<string> scopes)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            tokens.RemoveAll(t => t.ExpiresAt - Margin <= now);
            return tokens.LastOrDefault(t => Covers(t.Scopes, scopes));
        }
    }

    public void Add(BearerToken token)
    {
        lock (gate)
        {
            tokens.Add(token);
        }
    }

    public void Remove(BearerToken token)
    {
        lock (gate)
        {
            tokens.Remove(token);
        }
    }

    /// <summary>Whether granted scopes cover the wanted ones: same resource, and every wanted action granted.</summary>
    internal static bool Covers(IReadOnlySet<string> granted, IReadOnlyCollection<string> wanted)
    {
        foreach (var scope in wanted)
        {
            var (resource, actions) = Split(scope);
            var match = granted.Select(Split).FirstOrDefault(g => string.Equals(g.Resource, resource, StringComparison.Ordinal));
            if (match.Resource is null || !actions.All(a => match.Actions.Contains(a)))
            {
                return false;
            }
        }

        return true;
    }

    private static (string Resource, string[] Actions) Split(string scope)
    {
        var colon = scope.LastIndexOf(':');
        return colon < 0 ? (scope, []) : (scope[..colon], scope[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
    }
}
