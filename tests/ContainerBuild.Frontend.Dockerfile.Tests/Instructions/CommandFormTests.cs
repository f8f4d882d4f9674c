using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Instructions;

public sealed class CommandFormTests
{
    [Theory]
    [InlineData("[\"a\", \"b\"]", new[] { "a", "b" })]
    [InlineData("[ \"a\" ]", new[] { "a" })]
    [InlineData("[\"a\" , \"b c\"]", new[] { "a", "b c" })]
    [InlineData("[]", new string[0])]
    [InlineData("[\"\\u0041\\n\"]", new[] { "A\n" })]
    [InlineData("[\"a\"] trailing text", new[] { "a" })]
    [InlineData("[\"$HOME\"]", new[] { "$HOME" })]
    public void A_json_array_is_the_exec_form_never_expanded(string arguments, string[] expected)
    {
        var cmd = Single<CmdInstruction>("CMD " + arguments);

        Assert.True(cmd.Command.IsExecForm);
        Assert.Equal(expected, cmd.Command.Arguments);
    }

    [Theory]
    [InlineData("echo \"$HOME\"", "echo \"$HOME\"")]
    [InlineData("[\"a\",]", "[\"a\",]")]
    [InlineData("['a']", "['a']")]
    [InlineData("[\"a\"", "[\"a\"")]
    [InlineData("[not json", "[not json")]
    [InlineData("dotnet  app.dll   --urls http://+:80", "dotnet  app.dll   --urls http://+:80")]
    public void Anything_else_is_the_shell_form_kept_as_written(string arguments, string expected)
    {
        var entrypoint = Single<EntrypointInstruction>("ENTRYPOINT " + arguments);

        Assert.False(entrypoint.Command.IsExecForm);
        Assert.Equal([expected], entrypoint.Command.Arguments);
    }

    [Theory]
    [InlineData("CMD [1, 2]")]
    [InlineData("RUN [\"a\", {\"b\": 1}]")]
    [InlineData("ENTRYPOINT [\"a\", null]")]
    [InlineData("COPY [\"a\", true]")]
    [InlineData("VOLUME [[\"a\"]]")]
    public void A_valid_json_array_of_anything_but_strings_is_an_error(string body)
    {
        var error = Error("FROM scratch\n" + body);

        Assert.Equal("when using JSON array syntax, arrays must be comprised of strings only", error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void An_empty_cmd_is_an_empty_shell_command()
    {
        var cmd = Single<CmdInstruction>("CMD");

        Assert.Empty(cmd.Command.Arguments);
        Assert.True(cmd.Command.PrependShell);
    }

    [Fact]
    public void Run_takes_both_forms()
    {
        var document = Parse("FROM scratch\nRUN [\"/bin/echo\", \"hi there\"]\nRUN echo hi there\n");

        var exec = Assert.IsType<RunInstruction>(document.Stages[0].Commands[0]);
        var shell = Assert.IsType<RunInstruction>(document.Stages[0].Commands[1]);
        Assert.Equal(CommandLine.Exec(["/bin/echo", "hi there"]).Arguments, exec.Command.Arguments);
        Assert.True(exec.Command.IsExecForm);
        Assert.Equal(["echo hi there"], shell.Command.Arguments);
        Assert.True(shell.Command.PrependShell);
    }

    [Fact]
    public void Shell_must_be_a_json_array()
    {
        Assert.Equal(["pwsh", "-Command"], Single<ShellInstruction>("SHELL [\"pwsh\", \"-Command\"]").Shell);
        Assert.Equal("SHELL requires the arguments to be in JSON form", Error("FROM scratch\nSHELL /bin/bash -c").Reason);
        Assert.Equal("SHELL requires at least one argument", Error("FROM scratch\nSHELL []").Reason);
    }
}
