using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class FromAndStageTests
{
    [Fact]
    public void Stages_split_at_each_from_with_names_indexes_and_raw_bases()
    {
        var document = Parse("""
            ARG BASE=mcr.microsoft.com/dotnet/sdk
            ARG TAG
            FROM --platform=$BUILDPLATFORM ${BASE}:${TAG:-10.0} AS Build
            ARG TAG
            WORKDIR /src
            RUN dotnet publish -o /out

            FROM mcr.microsoft.com/dotnet/aspnet:10.0
            COPY --from=build /out /app
            """);

        Assert.Equal([new MetaArg("BASE", "mcr.microsoft.com/dotnet/sdk", new SourceRange("Dockerfile", 1, 1)), new MetaArg("TAG", null, new SourceRange("Dockerfile", 2, 2))], document.MetaArgs);
        Assert.Equal(2, document.Stages.Count);
        var build = document.Stages[0];
        Assert.Equal(0, build.Index);
        Assert.Equal("build", build.Name);
        Assert.Equal("${BASE}:${TAG:-10.0}", build.BaseName);
        Assert.Equal("$BUILDPLATFORM", build.Platform);
        Assert.Equal(3, build.Location.StartLine);
        Assert.Equal(["ARG", "WORKDIR", "RUN"], build.Commands.Select(c => c.Keyword));
        var final = document.Stages[1];
        Assert.Equal(1, final.Index);
        Assert.Null(final.Name);
        Assert.Null(final.Platform);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", final.BaseName);
        Assert.Equal("FROM mcr.microsoft.com/dotnet/aspnet:10.0", final.From.Original);
    }

    [Fact]
    public void Stages_are_found_by_name_without_regard_to_case_or_by_index()
    {
        var document = Parse("FROM a AS one\nFROM b AS two\nFROM c\n");

        Assert.Equal(1, document.FindStage("TWO")?.Index);
        Assert.Equal(2, document.FindStage("2")?.Index);
        Assert.Null(document.FindStage("3"));
        Assert.Null(document.FindStage("three"));
        Assert.Null(document.FindStage("-1"));
    }

    [Theory]
    [InlineData("FROM a as b", "b")]
    [InlineData("FROM a AS My-Stage_1.x", "my-stage_1.x")]
    [InlineData("FROM a", null)]
    public void A_stage_name_is_lower_case(string line, string? name)
    {
        Assert.Equal(name, Parse(line).Stages[0].Name);
    }

    [Theory]
    [InlineData("FROM", "FROM requires either one or three arguments")]
    [InlineData("FROM a b", "FROM requires either one or three arguments")]
    [InlineData("FROM a AS", "FROM requires either one or three arguments")]
    [InlineData("FROM a FOR b", "FROM requires either one or three arguments")]
    [InlineData("FROM a AS b c", "FROM requires either one or three arguments")]
    [InlineData("FROM a AS 1st", "invalid name for build stage: \"1st\", name can't start with a number or contain symbols")]
    [InlineData("FROM a AS st@ge", "invalid name for build stage: \"st@ge\", name can't start with a number or contain symbols")]
    [InlineData("FROM --plattform=linux/amd64 a", "unknown flag: plattform (did you mean platform?)")]
    [InlineData("FROM --platform a", "missing a value on flag: platform")]
    public void A_bad_from_says_what_is_wrong(string line, string reason)
    {
        var error = Error(line);

        Assert.Equal(reason, error.Reason);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_duplicate_stage_name_is_an_error_at_the_second()
    {
        var error = Error("FROM a AS x\nRUN true\nFROM b AS X\n");

        Assert.Equal(3, error.Line);
        Assert.Equal("duplicate stage name \"x\"", error.Reason);
    }

    [Fact]
    public void Only_arg_may_come_before_the_first_from()
    {
        var error = Error("ARG A\nRUN echo\nFROM a\n");

        Assert.Equal(2, error.Line);
        Assert.StartsWith("no build stage in current context", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("\n\n", 2)]
    [InlineData("# only a comment\n", 1)]
    [InlineData("# syntax=docker/dockerfile:1\n\n# nothing else", 3)]
    public void A_file_without_instructions_is_an_error(string text, int line)
    {
        var error = Error(text);

        Assert.Equal("file with no instructions", error.Reason);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void A_file_with_only_args_has_no_stages()
    {
        var error = Error("ARG A=1\nARG B\n");

        Assert.Equal(2, error.Line);
        Assert.StartsWith("dockerfile contains no stages to build", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parse_error_message_names_the_file_and_line()
    {
        var error = Assert.Throws<DockerfileParseException>(() => ContainerBuild.Frontend.Dockerfile.Syntax.DockerfileParser.Parse("FROM scratch\n\n\n\n\n\nFRM x\n", "build/Dockerfile.prod"));

        Assert.Equal("build/Dockerfile.prod:7: unknown instruction: FRM (did you mean FROM?)", error.Message);
        Assert.Equal("build/Dockerfile.prod", error.FileName);
        Assert.Equal(7, error.Line);
    }
}
