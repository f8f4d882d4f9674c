using System.CommandLine;
using System.Runtime.CompilerServices;

namespace ContainerBuild.Cli;

/// <summary><c>dotnet containerbuild version</c>: the tool's version and the runtime it runs on (JIT or Native AOT).</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the ContainerBuild version.");
        command.SetAction(parseResult =>
        {
            // Native AOT (the linux-x64 tool package) cannot generate code; the framework-dependent tool runs on the JIT.
            var compilation = RuntimeFeature.IsDynamicCodeSupported ? "" : ", Native AOT";
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"{ProductInfo.Name} {ProductInfo.Version} (.NET {Environment.Version}{compilation})");
            return 0;
        });
        return command;
    }
}
