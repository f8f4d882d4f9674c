namespace ContainerBuild.Tasks.Naming;

/// <summary>A tag as the distribution grammar allows it: a word character, then up to 127 of word characters, '.' and '-'.</summary>
public static class ImageTag
{
    public const int MaxLength = 128;

    public static bool IsValid(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxLength || !IsWord(tag[0]))
        {
            return false;
        }

        foreach (var c in tag)
        {
            if (!IsWord(c) && c is not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
