namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>
/// A here-document (<c>&lt;&lt;EOF</c>) that follows a RUN, COPY or ADD line. <see cref="Content"/> is the body as written,
/// every line with its newline; a quoted delimiter (<c>&lt;&lt;"EOF"</c>, <c>&lt;&lt;'EOF'</c>) turns expansion off, and
/// <c>&lt;&lt;-EOF</c> strips leading tabs (<see cref="Chomp"/>).
/// </summary>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp)
{
    /// <summary>The file descriptor written before <c>&lt;&lt;</c> (<c>3&lt;&lt;EOF</c>), 0 when none.</summary>
    public int FileDescriptor { get; init; }

    /// <summary>The body with leading tabs removed from each line when <see cref="Chomp"/> is set, else <see cref="Content"/>.</summary>
    public string Text => Chomp ? ChompContent(Content) : Content;

    /// <summary>Removes the leading tabs of every line, as the shell does for <c>&lt;&lt;-</c>.</summary>
    public static string ChompContent(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var builder = new System.Text.StringBuilder(content.Length);
        var atLineStart = true;
        foreach (var ch in content)
        {
            if (atLineStart && ch == '\t')
            {
                continue;
            }

            atLineStart = ch == '\n';
            builder.Append(ch);
        }

        return builder.ToString();
    }
}
