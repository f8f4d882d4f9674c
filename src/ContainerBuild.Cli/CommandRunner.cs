using System.CommandLine;

namespace ContainerBuild.Cli;

/// <summary>Runs a command's body: exit 0 when it returns, else one error line and the failure's exit code.</summary>
internal static class CommandRunner
{
    public static Task<int> RunAsync(ParseResult parseResult, CliContext context, Func<Task> body) => RunAsync(parseResult, context, body, null);

    /// <param name="beforeReport">Writes what a failure needs besides its error line (a failed step's log), before it.</param>
    public static async Task<int> RunAsync(ParseResult parseResult, CliContext context, Func<Task> body, Action<Exception>? beforeReport)
    {
        try
        {
            await body().ConfigureAwait(false);
            return ExitCodes.Success;
        }
#pragma warning disable CA1031 // The host's edge: every failure becomes one line and an exit code, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            beforeReport?.Invoke(e);
            return ErrorReporter.Report(e, parseResult.InvocationConfiguration.Error, context);
        }
    }
}
