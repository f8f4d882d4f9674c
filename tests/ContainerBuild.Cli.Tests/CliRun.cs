using System.CommandLine;

namespace ContainerBuild.Cli.Tests;

/// <summary>Runs the CLI in process with a given environment and captures both streams.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        RunAsync(new CliContext(environment ?? new Dictionary<string, string?>()), args);

    public static async Task<CliRun> RunAsync(CliContext context, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(
            args,
            context,
            new InvocationConfiguration { Output = output, Error = error },
            TestContext.Current.CancellationToken);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync((IReadOnlyDictionary<string, string?>?)null, args);

    /// <summary>A failure is one <c>error:</c> line, never a stack trace.</summary>
    public void AssertOneErrorLine()
    {
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", All, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", All, StringComparison.Ordinal);
    }
}
