using System.CommandLine;

namespace ContainerBuild.Cli;

/// <summary><c>dotnet containerbuild debug dump-llb [FILE|-] [--dot]</c>, like <c>buildctl debug dump-llb</c>.</summary>
internal static class DebugCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("debug", "Look inside build definitions.");
        command.Subcommands.Add(CreateDumpLlb(context));
        return command;
    }

    private static Command CreateDumpLlb(CliContext context)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A serialized LLB Definition (protobuf bytes); '-' or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        var dot = new Option<bool>("--dot") { Description = "Print a Graphviz digraph instead of one JSON object per op." };
        var command = new Command("dump-llb", "Print each op of an LLB Definition as JSON with its digest.") { file, dot };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var exitCode = ExitCodes.Success;
            var ran = await CommandRunner.RunAsync(parseResult, context, async () =>
            {
                var path = parseResult.GetValue(file) ?? "-";
                var bytes = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
                if (LlbDebug.TryDump(bytes, parseResult.GetValue(dot), out var output, out var error))
                {
                    await parseResult.InvocationConfiguration.Output.WriteAsync(output).ConfigureAwait(false);
                }
                else
                {
                    var source = path == "-" ? "standard input" : path;
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {source}: {error}").ConfigureAwait(false);
                    exitCode = ExitCodes.Failure;
                }
            }).ConfigureAwait(false);
            return ran != ExitCodes.Success ? ran : exitCode;
        });
        return command;
    }

    private static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path != "-")
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }

        using var input = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
