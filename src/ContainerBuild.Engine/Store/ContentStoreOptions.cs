namespace ContainerBuild.Engine.Store;

/// <summary>Where the content store lives. Hosts build this at the edge; the store itself only takes the root.</summary>
public sealed record ContentStoreOptions
{
    /// <summary>The environment variable that moves the whole store.</summary>
    public const string RootVariable = "CONTAINERBUILD_ROOT";

    /// <summary>The folder that holds blobs, ingest, locks and everything later issues add.</summary>
    public required string Root { get; init; }

    /// <summary>
    /// The root from the environment: <c>CONTAINERBUILD_ROOT</c>, else <c>$XDG_CACHE_HOME/containerbuild</c>,
    /// else <c>$HOME/.cache/containerbuild</c>. A host's explicit option wins over this: <c>options with { Root = ... }</c>.
    /// </summary>
    public static ContentStoreOptions FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Value(environment, RootVariable) is { } root)
        {
            return new ContentStoreOptions { Root = Path.GetFullPath(root) };
        }

        // The XDG base directory spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (Value(environment, "XDG_CACHE_HOME") is { } cache && Path.IsPathRooted(cache))
        {
            return new ContentStoreOptions { Root = Path.Combine(cache, "containerbuild") };
        }

        var home = Value(environment, "HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
        {
            throw new InvalidOperationException(
                $"Cannot place the content store: neither {RootVariable}, XDG_CACHE_HOME nor HOME is set. Set {RootVariable} to a folder.");
        }

        return new ContentStoreOptions { Root = Path.Combine(home, ".cache", "containerbuild") };
    }

    private static string? Value(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
