using System.CommandLine;

namespace ContainerBuild.Cli;

/// <summary>Builds the command tree; each command validates its input, calls the orchestration once and prints.</summary>
public static class CliApp
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand($"{ProductInfo.Name}: build OCI images from .NET projects and Dockerfiles without a daemon.");
        root.Subcommands.Add(VersionCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand().Parse(args);
        return await parseResult.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
