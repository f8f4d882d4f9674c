namespace ContainerBuild.Frontend.Dockerfile.Instructions;

/// <summary>Where an instruction stands in its Dockerfile: the file name and its first and last line (1-based, inclusive; heredoc bodies included).</summary>
public readonly record struct SourceRange(string FileName, int StartLine, int EndLine)
{
    /// <summary>A single line.</summary>
    public static SourceRange Line(string fileName, int line) => new(fileName, line, line);

    /// <summary><c>Dockerfile:7</c>, as error messages name a place.</summary>
    public override string ToString() => FileName + ":" + StartLine.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
