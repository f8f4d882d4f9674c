using ContainerBuild.Graph.Pb;
using static ContainerBuild.Frontend.Dockerfile.Tests.Conversion.ConversionHarness;

namespace ContainerBuild.Frontend.Dockerfile.Tests.Conversion;

public sealed class RunTests
{
    [Fact]
    public async Task Shell_form_runs_through_sh_and_exec_form_runs_as_written()
    {
        var converted = await ConvertAsync("FROM busybox\nRUN echo \"$HOME\" && ls\nRUN [\"/bin/echo\", \"$HOME\"]\n");

        Assert.Equal(["/bin/sh", "-c", "echo \"$HOME\" && ls"], converted.Execs[0].Meta.Args);
        Assert.Equal(["/bin/echo", "$HOME"], converted.Execs[1].Meta.Args);
    }

    [Fact]
    public async Task Shell_changes_the_shell_of_run_cmd_and_entrypoint()
    {
        const string dockerfile = """
            FROM busybox
            SHELL ["/bin/bash", "-euo", "pipefail", "-c"]
            RUN echo hi
            CMD echo cmd
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["/bin/bash", "-euo", "pipefail", "-c", "echo hi"], converted.Exec.Meta.Args);
        Assert.Equal(["/bin/bash", "-euo", "pipefail", "-c", "echo cmd"], converted.Metadata.Cmd!.Value);
        Assert.Equal(["/bin/bash", "-euo", "pipefail", "-c"], converted.Metadata.Shell!.Value);
    }

    [Fact]
    public async Task A_lone_heredoc_runs_its_body_in_the_shell()
    {
        const string dockerfile = "FROM busybox\nRUN <<EOF\necho one\necho two\nEOF\n";

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["/bin/sh", "-c", "echo one\necho two\n"], converted.Exec.Meta.Args);
        Assert.Contains("[2/2] RUN <<EOF (echo one...)", converted.Names);
    }

    [Fact]
    public async Task A_heredoc_with_a_shebang_is_mounted_as_a_script_and_run_by_path()
    {
        const string dockerfile = "FROM busybox\nRUN <<EOF\n#!/usr/bin/env python3\nprint('hi')\nEOF\n";

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(["/bin/sh", "-c", "/dev/pipes/EOF"], converted.Exec.Meta.Args);
        var pipes = Assert.Single(converted.Exec.Mounts, m => m.Dest == "/dev/pipes");
        Assert.True(pipes.Readonly);
        var script = Assert.Single(converted.FileActions, a => a.Mkfile is not null).Mkfile;
        Assert.Equal("/EOF", script.Path);
        Assert.Equal(0x1ed, script.Mode);
        Assert.Equal("#!/usr/bin/env python3\nprint('hi')\n", script.Data.ToStringUtf8());
        Assert.Contains(OpNamesInternal.PreparingInlineDocument, converted.Names);
    }

    [Fact]
    public async Task A_command_with_heredocs_goes_to_the_shell_whole()
    {
        const string dockerfile = "FROM busybox\nRUN cat <<A > /a && cat <<B > /b\nalpha\nA\nbeta\nB\n";

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal("cat <<A > /a && cat <<B > /b\nalpha\nA\nbeta\nB", converted.Exec.Meta.Args[^1]);
    }

    [Theory]
    [InlineData("RUN <<EOT sh\necho hi > /f\nEOT\n", "<<EOT sh\necho hi > /f\nEOT")]
    [InlineData("RUN <<EOT cat > /f && cp /f /g\nnot a command\nEOT\n", "<<EOT cat > /f && cp /f /g\nnot a command\nEOT")]
    [InlineData("RUN <<-EOT bash -e\n\techo tab\n\tEOT\n", "<<-EOT bash -e\n\techo tab\nEOT")]
    public async Task A_heredoc_word_followed_by_a_command_is_stdin_of_that_command_not_the_script(string run, string script)
    {
        var converted = await ConvertAsync("FROM busybox\n" + run);

        Assert.Equal(["/bin/sh", "-c", script], converted.Exec.Meta.Args);
        Assert.DoesNotContain(converted.Names, n => n.Contains(" (", StringComparison.Ordinal)); // no body summary: not a lone heredoc
    }

    [Theory]
    [InlineData("RUN <<EOT\necho a\nEOT\n", "echo a\n")]
    [InlineData("RUN <<'EOT'\necho $HOME\nEOT\n", "echo $HOME\n")]
    [InlineData("RUN <<-\"EOT\"\n\techo tab\n\tEOT\n", "echo tab\n")]
    [InlineData("RUN <<'one two'\necho quoted name\none two\n", "echo quoted name\n")]
    public async Task A_lone_heredoc_word_with_any_quoting_or_dash_is_the_script(string run, string script)
    {
        var converted = await ConvertAsync("FROM busybox\n" + run);

        Assert.Equal(["/bin/sh", "-c", script], converted.Exec.Meta.Args);
    }

    [Fact]
    public async Task Network_and_security_flags_map_to_the_exec_op()
    {
        const string dockerfile = """
            FROM busybox
            RUN --network=none echo none
            RUN --network=host echo host
            RUN --security=insecure echo insecure
            RUN echo default
            """;

        var converted = await ConvertAsync(dockerfile);

        Assert.Equal(NetMode.None, converted.Execs[0].Network);
        Assert.Equal(NetMode.Host, converted.Execs[1].Network);
        Assert.Equal(SecurityMode.Insecure, converted.Execs[2].Security);
        Assert.Equal(NetMode.Unset, converted.Execs[3].Network);

        var withDefault = await ConvertAsync("FROM busybox\nRUN echo x\n", r => r with { Network = "none" });
        Assert.Equal(NetMode.None, withDefault.Exec.Network);
    }

    [Fact]
    public async Task Run_names_expand_known_variables_and_carry_the_command_description()
    {
        var converted = await ConvertAsync("FROM busybox\nENV DIR=/opt\nRUN ls $DIR $UNSET '$DIR'\n");

        var op = converted.OpNamed("[2/2] RUN ls /opt $UNSET '$DIR'");
        Assert.Contains(converted.MetadataOf(op).Description, d => d.Key == "com.docker.dockerfile.v1.command" && d.Value == "RUN ls $DIR $UNSET '$DIR'");
    }
}
