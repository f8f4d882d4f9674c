using System.Diagnostics.CodeAnalysis;

namespace ContainerBuild.Oci;

/// <summary>The reference grammar of docker/distribution, written out by hand (no regular expressions).</summary>
public sealed partial record ImageReference
{
    private const int MaxNameLength = 255;
    private const int MaxTagLength = 128;

    private static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? parsed, out string error)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "An image reference is required, such as 'busybox:latest' or 'registry.example.com:5000/team/app:1.0'.";
            return false;
        }

        var text = reference;
        if (text.Length == 64 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            error = $"Invalid image reference '{reference}': a 64-character hex string is an image ID, not a repository name.";
            return false;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            error = $"Invalid image reference '{reference}': it contains white space.";
            return false;
        }

        Digest? digest = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = text[(at + 1)..];
            if (!Oci.Digest.TryParse(digestText, out var parsedDigest))
            {
                error = $"Invalid image reference '{reference}': '{digestText}' after '@' is not a digest (expected sha256:<64 lower-case hex digits>).";
                return false;
            }

            digest = parsedDigest;
            text = text[..at];
        }

        string? tag = null;
        var lastSlash = text.LastIndexOf('/');
        var colon = text.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = text[(colon + 1)..];
            text = text[..colon];
            if (!IsValidTag(tag))
            {
                error = tag.Length > MaxTagLength
                    ? $"Invalid image reference '{reference}': the tag is {tag.Length} characters long; at most {MaxTagLength} are allowed."
                    : $"Invalid image reference '{reference}': '{tag}' is not a valid tag (letters, digits, '_', '.' and '-', not starting with '.' or '-').";
                return false;
            }
        }

        if (text.Length == 0)
        {
            error = $"Invalid image reference '{reference}': the repository name is missing.";
            return false;
        }

        if (text.Length > MaxNameLength)
        {
            error = $"Invalid image reference '{reference}': the name is {text.Length} characters long; at most {MaxNameLength} are allowed.";
            return false;
        }

        var (registry, path) = SplitRegistry(text);
        if (registry is not null && !IsValidRegistry(registry, out var registryProblem))
        {
            error = $"Invalid image reference '{reference}': the registry '{registry}' {registryProblem}.";
            return false;
        }

        if (!IsValidPath(path, out var pathProblem))
        {
            error = $"Invalid image reference '{reference}': {pathProblem}.";
            return false;
        }

        registry ??= DockerHub;
        if (string.Equals(registry, "index.docker.io", StringComparison.Ordinal))
        {
            registry = DockerHub;
        }

        if (registry == DockerHub && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }

        parsed = new ImageReference(registry, path, tag, digest);
        error = "";
        return true;
    }

    // The first component is a registry when it has '.' or ':', is 'localhost', or has upper case (Docker's rule).
    private static (string? Registry, string Path) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, name);
        }

        var first = name[..slash];
        var isRegistry = first.Contains('.', StringComparison.Ordinal)
            || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost"
            || first.Any(char.IsAsciiLetterUpper);
        return isRegistry ? (first, name[(slash + 1)..]) : (null, name);
    }

    private static bool IsValidRegistry(string registry, out string problem)
    {
        string host, port = "";
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                problem = "opens '[' for an IPv6 address but never closes it";
                return false;
            }

            host = registry[..(close + 1)];
            var rest = registry[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    problem = "has text after the IPv6 address that is not ':port'";
                    return false;
                }

                port = rest[1..];
                if (port.Length == 0)
                {
                    problem = "has ':' but no port number";
                    return false;
                }
            }

            var address = host[1..^1];
            if (address.Length == 0 || !address.All(c => char.IsAsciiHexDigit(c) || c == ':'))
            {
                problem = "has an IPv6 address that is not hex digits and ':'";
                return false;
            }
        }
        else
        {
            var colon = registry.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? registry : registry[..colon];
            if (colon >= 0)
            {
                port = registry[(colon + 1)..];
                if (port.Length == 0)
                {
                    problem = "has ':' but no port number";
                    return false;
                }
            }

            foreach (var component in host.Split('.'))
            {
                if (component.Length == 0 || !component.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                    || component[0] == '-' || component[^1] == '-')
                {
                    problem = "is not a host name (letters, digits and '-' in dot-separated parts, not starting or ending with '-')";
                    return false;
                }
            }
        }

        if (port.Length > 0 && !port.All(char.IsAsciiDigit))
        {
            problem = $"has the port '{port}', which is not a number";
            return false;
        }

        problem = "";
        return true;
    }

    private static bool IsValidPath(string path, out string problem)
    {
        if (path.Any(char.IsAsciiLetterUpper))
        {
            problem = $"the repository name '{path}' must be lower case";
            return false;
        }

        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                problem = $"the repository name '{path}' has an empty path component (a leading, trailing or doubled '/')";
                return false;
            }

            if (!IsValidPathComponent(component))
            {
                problem = $"the repository path component '{component}' is not valid: lower-case letters and digits, "
                    + "separated by one '.', one or two '_', or any number of '-', starting and ending with a letter or digit";
                return false;
            }
        }

        problem = "";
        return true;
    }

    // alpha-numeric (separator alpha-numeric)*, separator = [_.] | __ | -+
    private static bool IsValidPathComponent(string component)
    {
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < component.Length && IsLowerAlphaNumeric(component[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            if (i == component.Length)
            {
                return true;
            }

            var separator = i;
            while (i < component.Length && !IsLowerAlphaNumeric(component[i]))
            {
                i++;
            }

            var text = component.AsSpan(separator, i - separator);
            var valid = text is "." or "_" or "__" || (text.Length > 0 && !text.ContainsAnyExcept('-'));
            if (!valid)
            {
                return false;
            }
        }
    }

    private static bool IsLowerAlphaNumeric(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'z';

    private static bool IsValidTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength || !IsWordChar(tag[0]))
        {
            return false;
        }

        return tag.All(c => IsWordChar(c) || c is '.' or '-');
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
