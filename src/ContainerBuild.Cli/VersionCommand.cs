using System.CommandLine;

namespace ContainerBuild.Cli;

/// <summary><c>dotnet containerbuild version</c>: the tool's version and the runtime it runs on.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the ContainerBuild version.");
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"{ProductInfo.Name} {ProductInfo.Version} (.NET {Environment.Version})");
            return 0;
        });
        return command;
    }
}
