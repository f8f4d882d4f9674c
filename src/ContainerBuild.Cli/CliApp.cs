using System.CommandLine;

namespace ContainerBuild.Cli;

/// <summary>Builds the command tree; each command validates its input, calls the orchestration once and prints.</summary>
public static class CliApp
{
    public static RootCommand CreateRootCommand() => CreateRootCommand(CliContext.FromProcess());

    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand($"{ProductInfo.Name}: build OCI images from .NET projects and Dockerfiles without a daemon.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(BuildCommand.Create(context));
        root.Subcommands.Add(DockerfileCommand.Create(context));
        root.Subcommands.Add(ImageToolsCommand.Create(context));
        root.Subcommands.Add(PruneCommand.Create(context));
        root.Subcommands.Add(DuCommand.Create(context));
        root.Subcommands.Add(DebugCommand.Create(context));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        RunAsync(args, CliContext.FromProcess(), new InvocationConfiguration(), cancellationToken);

    /// <summary>Parses and runs; a command line that does not parse prints its errors and exits with 2.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parseResult = CreateRootCommand(context).Parse(args);
        var wantsHelp = args.Any(a => a is "-h" or "--help" or "-?");
        if (parseResult.Errors.Count > 0 && !wantsHelp)
        {
            foreach (var error in parseResult.Errors)
            {
                await configuration.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await configuration.Error.WriteLineAsync($"Run 'dotnet containerbuild {string.Join(' ', CommandPath(parseResult))} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var command = parseResult.CommandResult; command.Parent is System.CommandLine.Parsing.CommandResult parent; command = parent)
        {
            names.Push(command.Command.Name);
        }

        return names;
    }
}
