using System.Text.RegularExpressions;

namespace ContainerBuild.Registry;

/// <summary>The distribution spec's grammar for repository names, tags and references, checked before they reach a URL.</summary>
public static partial class RepositoryNames
{
    /// <summary>Throws when <paramref name="repository"/> is not a valid repository path (lower-case components separated by '/').</summary>
    public static void EnsureRepository(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.Length > 255 || !RepositoryPattern().IsMatch(repository))
        {
            throw new ArgumentException($"'{repository}' is not a valid repository name: lower-case letters, digits and separators (. _ __ -), components joined by '/'.", nameof(repository));
        }
    }

    /// <summary>Throws when <paramref name="registry"/> is not a plausible <c>host[:port]</c>.</summary>
    public static void EnsureRegistry(string registry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registry);
        if (registry.Contains('/', StringComparison.Ordinal) || registry.Contains('@', StringComparison.Ordinal) || registry.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{registry}' is not a registry name: expected host[:port] without a scheme or path.", nameof(registry));
        }
    }

    /// <summary>Throws when <paramref name="reference"/> is neither a valid tag nor a digest.</summary>
    public static void EnsureReference(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!IsDigest(reference) && !TagPattern().IsMatch(reference))
        {
            throw new ArgumentException($"'{reference}' is neither a tag ([A-Za-z0-9_][A-Za-z0-9._-]{{0,127}}) nor a digest.", nameof(reference));
        }
    }

    public static bool IsDigest(string reference) => Oci.Digest.TryParse(reference, out _);

    [GeneratedRegex("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
