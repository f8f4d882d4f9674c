using ContainerBuild.Frontend.Dockerfile.Instructions;
using static ContainerBuild.Frontend.Dockerfile.Tests.Parsing;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Syntax;

public sealed class HeredocTests
{
    [Fact]
    public void A_run_heredoc_takes_the_lines_up_to_its_delimiter()
    {
        var document = Parse("FROM scratch\nRUN <<EOF\necho hi\n  echo there \\\n# kept\nEOF\nUSER app\n");

        var run = Assert.IsType<RunInstruction>(document.Stages[0].Commands[0]);
        Assert.Equal(["<<EOF"], run.Command.Arguments);
        var heredoc = Assert.Single(run.Heredocs);
        Assert.Equal(new Heredoc("EOF", "echo hi\n  echo there \\\n# kept\n", Expand: true, Chomp: false), heredoc);
        Assert.Equal(new SourceRange("Dockerfile", 2, 6), run.Location);
        Assert.Equal(7, document.Stages[0].Commands[1].Location.StartLine);
    }

    [Fact]
    public void A_heredoc_after_a_program_is_its_stdin()
    {
        var run = Single<RunInstruction>("RUN python3 <<EOF\nprint('hi')\nEOF\n");

        Assert.Equal(["python3 <<EOF"], run.Command.Arguments);
        Assert.Equal("print('hi')\n", Assert.Single(run.Heredocs).Content);
    }

    [Theory]
    [InlineData("<<\"EOF\"", "EOF", false)]
    [InlineData("<<'EOF'", "EOF", false)]
    [InlineData("<<E\"O\"F", "EOF", false)]
    [InlineData("<<EOF", "EOF", true)]
    [InlineData("<<END_OF_SCRIPT", "END_OF_SCRIPT", true)]
    public void A_quoted_delimiter_turns_expansion_off(string opener, string name, bool expand)
    {
        var run = Single<RunInstruction>($"RUN {opener}\necho $HOME\n{name}\n");

        var heredoc = Assert.Single(run.Heredocs);
        Assert.Equal(name, heredoc.Name);
        Assert.Equal(expand, heredoc.Expand);
        Assert.Equal("echo $HOME\n", heredoc.Content);
    }

    [Fact]
    public void A_dash_heredoc_ends_at_a_tab_indented_delimiter_and_strips_leading_tabs()
    {
        var run = Single<RunInstruction>("RUN <<-EOF\n\techo a\n\t\techo b\n  not tabs\n\tEOF\n");

        var heredoc = Assert.Single(run.Heredocs);
        Assert.True(heredoc.Chomp);
        Assert.Equal("\techo a\n\t\techo b\n  not tabs\n", heredoc.Content);
        Assert.Equal("echo a\necho b\n  not tabs\n", heredoc.Text);
    }

    [Fact]
    public void Without_a_dash_a_tab_indented_delimiter_is_body()
    {
        var run = Single<RunInstruction>("RUN <<EOF\n\tEOF\nEOF\n");

        Assert.Equal("\tEOF\n", Assert.Single(run.Heredocs).Content);
    }

    [Fact]
    public void Several_heredocs_on_one_line_are_read_in_order()
    {
        var run = Single<RunInstruction>("RUN <<FILE1 cat > file1 && <<FILE2 cat > file2\nI am\nfirst\nFILE1\nI am\nsecond\nFILE2\n");

        Assert.Equal(
            [new Heredoc("FILE1", "I am\nfirst\n", true, false), new Heredoc("FILE2", "I am\nsecond\n", true, false)],
            run.Heredocs);
        Assert.Equal(new SourceRange("Dockerfile", 2, 8), run.Location);
    }

    [Fact]
    public void A_file_descriptor_before_the_heredoc_is_kept()
    {
        var run = Single<RunInstruction>("RUN 3<<EOF cat /proc/self/fd/3\nx\nEOF\n");

        Assert.Equal(3, Assert.Single(run.Heredocs).FileDescriptor);
    }

    [Fact]
    public void Copy_writes_heredoc_sources_to_the_destination()
    {
        var copy = Single<CopyInstruction>("COPY --chmod=644 <<robots.txt <<\"humans.txt\" /usr/share/nginx/html/\nUser-agent: *\nrobots.txt\nWe are $NAME\nhumans.txt\n");

        Assert.Empty(copy.Sources);
        Assert.Equal("/usr/share/nginx/html/", copy.Destination);
        Assert.Equal(
            [new Heredoc("robots.txt", "User-agent: *\n", true, false), new Heredoc("humans.txt", "We are $NAME\n", false, false)],
            copy.SourceHeredocs);
        Assert.Equal("644", copy.Chmod);
    }

    [Fact]
    public void Add_takes_heredoc_and_path_sources_together()
    {
        var add = Single<AddInstruction>("ADD a.txt <<EOF /dest/\nhello\nEOF\n");

        Assert.Equal(["a.txt"], add.Sources);
        Assert.Equal("hello\n", Assert.Single(add.SourceHeredocs).Content);
    }

    [Fact]
    public void A_heredoc_destination_is_an_error()
    {
        var error = Error("FROM scratch\nCOPY a <<EOF\nx\nEOF\n");

        Assert.Equal("COPY cannot accept a heredoc as a destination", error.Reason);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("RUN [\"echo\", \"<<EOF\"]\nUSER app\n")]
    [InlineData("RUN echo \"<<EOF\"\nUSER app\n")]
    [InlineData("RUN echo '<<EOF'\nUSER app\n")]
    [InlineData("RUN echo \\<<EOF\nUSER app\n")]
    [InlineData("RUN echo << EOF\nUSER app\n")]
    [InlineData("RUN echo <<\nUSER app\n")]
    [InlineData("CMD cat <<EOF\nUSER app\n")]
    [InlineData("ENTRYPOINT cat <<EOF\nUSER app\n")]
    public void Exec_forms_quoted_words_and_other_instructions_open_no_heredoc(string body)
    {
        var document = Parse("FROM scratch\n" + body);

        Assert.Equal(2, document.Stages[0].Commands.Count);
        Assert.IsType<UserInstruction>(document.Stages[0].Commands[1]);
    }

    [Fact]
    public void An_unterminated_heredoc_names_the_line_it_started_on()
    {
        var error = Error("FROM scratch\nRUN <<EOF\necho hi\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(3, error.Location.EndLine);
        Assert.StartsWith("unterminated heredoc", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Crlf_bodies_keep_their_line_endings_and_the_delimiter_still_matches()
    {
        var run = Single<RunInstruction>("RUN <<EOF\r\na\r\nEOF\r\n");

        Assert.Equal("a\r\n", Assert.Single(run.Heredocs).Content);
    }

    [Fact]
    public void An_onbuild_heredoc_is_stored_in_the_trigger_expression()
    {
        var onbuild = Single<OnbuildInstruction>("ONBUILD RUN <<EOF\necho hi\nEOF\n");

        Assert.Equal("RUN <<EOF\necho hi\nEOF", onbuild.Expression);
        var trigger = Assert.IsType<RunInstruction>(onbuild.Trigger);
        Assert.Equal("echo hi\n", Assert.Single(trigger.Heredocs).Content);
    }

    [Fact]
    public void The_last_body_line_may_lack_a_newline_only_before_the_delimiter()
    {
        var run = Single<RunInstruction>("RUN <<EOF\nno newline at end\nEOF");

        Assert.Equal("no newline at end\n", Assert.Single(run.Heredocs).Content);
    }
}
