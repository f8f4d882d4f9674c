using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ContainerBuild.Tasks.Naming;

/// <summary>
/// <c>ContainerRepository</c> as the SDK treats it: lower-cased, characters a repository cannot hold turned into
/// <c>-</c> (with a warning), then checked against the distribution grammar (path components of lower-case letters
/// and digits joined by <c>.</c>, <c>_</c>, <c>__</c> or dashes, separated by <c>/</c>).
/// </summary>
public static class RepositoryName
{
    public const int MaxLength = 255;

    /// <summary>The name with upper case lowered and characters outside <c>[a-z0-9._/-]</c> turned into <c>-</c>.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.Trim().ToLower(CultureInfo.InvariantCulture).ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterLower(chars[i]) || char.IsAsciiDigit(chars[i]) || chars[i] is '.' or '_' or '/' or '-'))
            {
                chars[i] = '-';
            }
        }

        return new string(chars);
    }

    /// <summary>Whether <paramref name="name"/> is a valid repository path; <paramref name="problem"/> says why not.</summary>
    public static bool IsValid(string name, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            problem = "it is empty";
            return false;
        }

        if (name.Length > MaxLength)
        {
            problem = $"it is {name.Length} characters long; at most {MaxLength} are allowed";
            return false;
        }

        foreach (var component in name.Split('/'))
        {
            if (!IsValidComponent(component))
            {
                problem = component.Length == 0
                    ? "it has an empty path component (a leading, trailing or doubled '/')"
                    : $"the part '{component}' must start and end with a lower-case letter or digit, with only '.', '_', '__' or dashes between them";
                return false;
            }
        }

        problem = null;
        return true;
    }

    private static bool IsValidComponent(string component)
    {
        if (component.Length == 0 || !IsAlphanumeric(component[0]) || !IsAlphanumeric(component[^1]))
        {
            return false;
        }

        for (var i = 1; i < component.Length - 1; i++)
        {
            var c = component[i];
            if (IsAlphanumeric(c) || c == '-')
            {
                continue;
            }

            // '.' alone, '_' alone or '__' between alphanumerics.
            if (c == '.' && IsAlphanumeric(component[i + 1]) && IsAlphanumeric(component[i - 1]))
            {
                continue;
            }

            if (c == '_')
            {
                var run = component[i + 1] == '_' ? 2 : 1;
                if (IsAlphanumeric(component[i - 1]) && IsAlphanumeric(component[i + run]))
                {
                    i += run - 1;
                    continue;
                }
            }

            return false;
        }

        return true;
    }

    private static bool IsAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
