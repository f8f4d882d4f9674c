using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Frontend.Dockerfile.Syntax;

namespace ContainerBuild.Frontend.Dockerfile.Tests;

/// <summary>Small helpers: parse a Dockerfile, or one instruction after <c>FROM scratch</c>.</summary>
internal static class Parsing
{
    public static DockerfileDocument Parse(string text) => DockerfileParser.Parse(text);

    /// <summary>The single instruction <paramref name="body"/> parses to, as the first stage's only command.</summary>
    public static T Single<T>(string body)
        where T : Instruction
    {
        var document = DockerfileParser.Parse("FROM scratch\n" + body);
        var stage = Assert.Single(document.Stages);
        return Assert.IsType<T>(Assert.Single(stage.Commands));
    }

    /// <summary>The error <paramref name="text"/> gives.</summary>
    public static DockerfileParseException Error(string text) =>
        Assert.Throws<DockerfileParseException>(() => DockerfileParser.Parse(text));
}
