using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Syntax;

public sealed class LineReadingTests
{
    [Theory]
    [InlineData("RUN echo a \\\n    b", "echo a     b")]
    [InlineData("RUN echo a\\\nb", "echo ab")]
    [InlineData("RUN echo a \\   \n b", "echo a  b")]
    [InlineData("RUN echo a \\\t\n b", "echo a  b")]
    [InlineData("RUN a \\\n# a comment inside\n  b", "a   b")]
    [InlineData("RUN a \\\n    # an indented comment\n  b", "a   b")]
    [InlineData("RUN a \\\n\n b", "a  b")]
    [InlineData("RUN a \\\n   \n b", "a  b")]
    [InlineData("RUN a \\\n b \\\n c", "a  b  c")]
    [InlineData("RUN a \\", "a")]
    [InlineData("RUN \\\n a", "a")]
    [InlineData("\\\nRUN a", "a")]
    [InlineData("RUN echo a \\\\", "echo a \\\\")]
    [InlineData("RUN a \\\r\n b\r\n", "a  b")]
    [InlineData("RUN echo # not a comment", "echo # not a comment")]
    public void Continuations_join_lines_as_buildkit_does(string body, string command)
    {
        var run = Single<RunInstruction>(body);

        Assert.Equal([command], run.Command.Arguments);
    }

    [Fact]
    public void An_instruction_over_several_lines_spans_them_and_keeps_the_joined_text()
    {
        var document = Parse("FROM scratch\nRUN echo a \\\n  # comment\n\n  b\nUSER app\n");

        var run = Assert.IsType<RunInstruction>(document.Stages[0].Commands[0]);
        var user = Assert.IsType<UserInstruction>(document.Stages[0].Commands[1]);
        Assert.Equal(new SourceRange("Dockerfile", 2, 5), run.Location);
        Assert.Equal("RUN echo a   b", run.Original);
        Assert.Equal(new SourceRange("Dockerfile", 6, 6), user.Location);
    }

    [Fact]
    public void An_empty_continuation_line_is_accepted_with_a_warning()
    {
        var document = Parse("FROM scratch\nRUN a \\\n\n b\n");

        var warning = Assert.Single(document.Warnings);
        Assert.Equal("NoEmptyContinuation", warning.Rule);
        Assert.Equal(2, warning.Location.StartLine);
    }

    [Fact]
    public void Comments_and_blank_lines_between_instructions_are_skipped()
    {
        var document = Parse("# leading comment\n\n   # indented comment\nFROM scratch\n\n# another\n  \t\nUSER app\n");

        var user = Assert.IsType<UserInstruction>(Assert.Single(document.Stages[0].Commands));
        Assert.Equal(8, user.Location.StartLine);
    }

    [Fact]
    public void Instruction_names_are_case_insensitive_and_leading_whitespace_is_ignored()
    {
        var document = Parse("from scratch AS Base\n   run echo hi\n\tWorkDir /app\n");

        Assert.Equal("base", document.Stages[0].Name);
        Assert.Equal(["echo hi"], Assert.IsType<RunInstruction>(document.Stages[0].Commands[0]).Command.Arguments);
        Assert.Equal("/app", Assert.IsType<WorkdirInstruction>(document.Stages[0].Commands[1]).Path);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_endings_are_read()
    {
        var document = Parse("\uFEFFFROM scratch\r\nRUN a \\\r\n b\r\nUSER app\r\n");

        Assert.Equal("scratch", document.Stages[0].BaseName);
        Assert.Equal("app", Assert.IsType<UserInstruction>(document.Stages[0].Commands[1]).User);
    }

    [Fact]
    public void The_backtick_escape_directive_makes_backslashes_literal_and_continues_lines_with_a_backtick()
    {
        var document = Parse("# escape=`\nFROM mcr.microsoft.com/windows\nCOPY c:\\src d:\\dest\nRUN dir `\n  c:\\ \\\nUSER a\n");

        Assert.Equal('`', document.Directives.EscapeToken);
        var commands = document.Stages[0].Commands;
        var copy = Assert.IsType<CopyInstruction>(commands[0]);
        Assert.Equal(["c:\\src"], copy.Sources);
        Assert.Equal("d:\\dest", copy.Destination);
        Assert.Equal(["dir   c:\\ \\"], Assert.IsType<RunInstruction>(commands[1]).Command.Arguments);
        Assert.Equal("a", Assert.IsType<UserInstruction>(commands[2]).User);
    }

    [Fact]
    public void Directives_at_the_top_are_read_and_noted()
    {
        var document = Parse("# syntax=docker/dockerfile:1.7\n#escape=\\\n#  check = skip=JSONArgsRecommended;error=true  \nFROM scratch\n");

        Assert.Equal(new ParserDirectives("docker/dockerfile:1.7", '\\', "skip=JSONArgsRecommended;error=true"), document.Directives);
    }

    [Theory]
    [InlineData("# a comment\n# escape=`\nFROM scratch\n")]
    [InlineData("\n# escape=`\nFROM scratch\n")]
    [InlineData("FROM scratch\n# escape=`\n")]
    [InlineData("# unknowndirective=1\n# escape=`\nFROM scratch\n")]
    public void Directives_after_anything_else_are_plain_comments(string text)
    {
        Assert.Equal(ParserDirectives.Default, Parse(text).Directives);
    }

    [Fact]
    public void Directive_names_are_case_insensitive()
    {
        Assert.Equal('`', Parse("# ESCAPE=`\nFROM scratch\n").Directives.EscapeToken);
        Assert.Equal("x", Parse("# Syntax = x\nFROM scratch\n").Directives.Syntax);
    }

    [Fact]
    public void A_repeated_directive_is_an_error_on_its_line()
    {
        var error = Error("# escape=`\n# escape=\\\nFROM scratch\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("only one escape parser directive can be used", error.Reason);
    }

    [Fact]
    public void An_escape_token_other_than_backslash_or_backtick_is_an_error()
    {
        var error = Error("# escape=x\nFROM scratch\n");

        Assert.Equal(1, error.Line);
        Assert.Equal("invalid escape token 'x' does not match ` or \\", error.Reason);
    }

    [Fact]
    public void The_syntax_tree_keeps_keywords_flags_and_split_arguments()
    {
        var tree = ContainerBuild.Frontend.Dockerfile.Syntax.DockerfileSyntax.Parse("FROM scratch\ncopy --from=\"a b\" --link x y /z\nENV a=1 b=\"2 3\"\n", "df");

        Assert.Equal(3, tree.Nodes.Count);
        var copy = tree.Nodes[1];
        Assert.Equal("copy", copy.Keyword);
        Assert.Equal(["--from=a b", "--link"], copy.Flags);
        Assert.Equal(["x", "y", "/z"], copy.Arguments);
        Assert.Equal(["a", "1", "b", "\"2 3\""], tree.Nodes[2].Arguments);
        Assert.Equal("df", tree.Nodes[2].Location.FileName);
    }
}
