using System.Text.RegularExpressions;
using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Graph;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>RUN (BuildKit's dispatchRun): the command through the stage's shell, heredocs, network and security modes, mounts.</summary>
internal sealed partial class DockerfileConversion
{
    private const string HeredocPipes = "/dev/pipes";

    private async Task DispatchRunAsync(StageDispatch stage, RunInstruction run, CancellationToken cancellationToken)
    {
        var mounts = await RunMountsAsync(stage, run, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> args = run.Command.Arguments;
        var customName = run.Original;
        if (run.Heredocs.Count > 0 && run.Command.PrependShell && args.Count == 1)
        {
            if (SingleHeredoc().IsMatch(args[0]))
            {
                var heredoc = run.Heredocs[0];
                if (heredoc.Content.StartsWith("#!", StringComparison.Ordinal))
                {
                    // A script with a shebang is written to a file and run by path (its own interpreter expands, not the frontend).
                    var script = State.Scratch().WithPlatform(stage.Platform).File(
                        FileActions.Mkfile("/" + heredoc.Name, 0x1ed, heredoc.Text),
                        new OpOptions { CustomName = OpNames.PreparingInlineDocument });
                    mounts.Add(new BindMount(HeredocPipes, script) { Selector = "/", Readonly = true });
                    args = [HeredocPipes + "/" + heredoc.Name];
                }
                else
                {
                    args = [heredoc.Text]; // the body runs in the shell: a heredoc even for shells without them
                }

                customName += " (" + Summarize(heredoc.Content) + ")";
            }
            else
            {
                // A command with heredocs in it goes to the shell whole, bodies and delimiters included.
                var full = args[0];
                foreach (var heredoc in run.Heredocs)
                {
                    full += "\n" + heredoc.Content + heredoc.Name;
                }

                args = [full];
            }
        }

        if (run.Command.PrependShell)
        {
            args = [.. Shell(stage), string.Join(' ', args)];
        }

        var name = OpNames.Prefix(stage, OpNames.Uppercase(OpNames.Expanded(runDisplayExpander, customName, stage.Env.Get)), prefixPlatform, stage.Env.Get);
        var options = new RunOptions
        {
            Args = args,
            Env = stage.Env.ToEntries(),
            Network = NetworkOf(run.Network),
            Security = run.Security == RunSecurity.Insecure ? ExecSecurity.Insecure : ExecSecurity.Sandbox,
            Mounts = mounts,
            Op = StepOptions(stage, name, run.Original),
        };
        stage.State = stage.State.Run(options).Root;
    }

    private ExecNetwork NetworkOf(RunNetwork? network) => network switch
    {
        RunNetwork.Host => ExecNetwork.Host,
        RunNetwork.None => ExecNetwork.None,
        RunNetwork.Default => ExecNetwork.Sandbox,
        _ => request.Network?.ToLowerInvariant() switch
        {
            "host" => ExecNetwork.Host,
            "none" => ExecNetwork.None,
            _ => ExecNetwork.Sandbox,
        },
    };

    /// <summary>The first line of a heredoc body, with "..." when there are more (BuildKit's summarizeHeredoc).</summary>
    private static string Summarize(string content)
    {
        var lines = content.Trim().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines.Length > 1 ? lines[0] + "..." : lines[0];
    }

    // The whole command is one heredoc word (BuildKit's MustParseHeredoc): RUN <<EOF, RUN <<-"EOF".
    [GeneratedRegex(@"^\s*\d*<<-?[^<]*$")]
    private static partial Regex SingleHeredoc();
}
