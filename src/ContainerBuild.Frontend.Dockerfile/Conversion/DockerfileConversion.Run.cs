using ContainerBuild.Frontend.Dockerfile.Instructions;
using ContainerBuild.Frontend.Dockerfile.Syntax;
using ContainerBuild.Graph;

namespace ContainerBuild.Frontend.Dockerfile.Conversion;

/// <summary>RUN (BuildKit's dispatchRun): the command through the stage's shell, heredocs, network and security modes, mounts.</summary>
internal sealed partial class DockerfileConversion
{
    private const string HeredocPipes = "/dev/pipes";

    private async Task DispatchRunAsync(StageDispatch stage, RunInstruction run, CancellationToken cancellationToken)
    {
        var (mounts, secretEnvironment) = await RunMountsAsync(stage, run, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> args = run.Command.Arguments;
        var customName = run.Original;
        if (run.Heredocs.Count > 0 && run.Command.PrependShell && args.Count == 1)
        {
            // The body is the script only when the heredoc word is all the command (BuildKit's MustParseHeredoc):
            // `RUN <<EOF`, not `RUN <<EOF sh` or `RUN <<EOF cat > f`, which the shell runs with the body as stdin.
            if (HeredocHeader.Parse(args[0].Trim()) is not null)
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

        // A secret env var shows as **** in the step's name, whatever the stage's env holds under that name (BuildKit's withSecretEnvMask).
        var masked = secretEnvironment.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        string? DisplayLookup(string variable) => masked.Contains(variable) ? "****" : stage.Env.Get(variable);
        var name = OpNames.Prefix(stage, OpNames.Uppercase(OpNames.Expanded(runDisplayExpander, customName, DisplayLookup)), prefixPlatform, stage.Env.Get);
        var options = new RunOptions
        {
            Args = args,
            Env = stage.Env.ToEntries(),
            Network = NetworkOf(run.Network),
            Security = run.Security == RunSecurity.Insecure ? ExecSecurity.Insecure : ExecSecurity.Sandbox,
            Mounts = mounts,
            SecretEnvironment = secretEnvironment,
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
}
