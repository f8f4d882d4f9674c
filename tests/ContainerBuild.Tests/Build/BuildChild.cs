using System.Diagnostics;
using ContainerBuild.Build;
using ContainerBuild.Progress;

namespace ContainerBuild.Tests.Build;

/// <summary>
/// A second process that builds: this test assembly run again with one explicit test selected, told what to build
/// through the environment. It prints plain progress and writes the image digest to a file. Never run in a normal run.
/// </summary>
public sealed class BuildChild
{
    private const string StoreVariable = "CB_BUILD_CHILD_STORE";
    private const string ContextVariable = "CB_BUILD_CHILD_CONTEXT";
    private const string ResultVariable = "CB_BUILD_CHILD_RESULT";
    private const string ReadyVariable = "CB_BUILD_CHILD_READY";
    private const string GoVariable = "CB_BUILD_CHILD_GO";

    /// <summary>Starts a child that builds <see cref="CopyBuilds.CopyApp"/> onto aspnet into <paramref name="store"/>.</summary>
    internal static Process Start(string store, string context, string resultFile, string? readyFile = null, string? goFile = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["exec", typeof(BuildChild).Assembly.Location,
            "-method", $"{typeof(BuildChild).FullName}.{nameof(Build)}", "-explicit", "only", "-noLogo", "-noColor"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[StoreVariable] = store;
        info.Environment[ContextVariable] = context;
        info.Environment[ResultVariable] = resultFile;
        info.Environment[ReadyVariable] = readyFile ?? "";
        info.Environment[GoVariable] = goFile ?? "";
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the build child process.");
    }

    [Fact(Explicit = true)]
    public async Task Build()
    {
        var store = Environment.GetEnvironmentVariable(StoreVariable);
        if (string.IsNullOrEmpty(store))
        {
            Assert.Skip("Run only as the second process of the cross-process build tests.");
        }

        var token = TestContext.Current.CancellationToken;
        if (Environment.GetEnvironmentVariable(ReadyVariable) is { Length: > 0 } ready)
        {
            await File.WriteAllTextAsync(ready, "ready", token);
            var go = Environment.GetEnvironmentVariable(GoVariable)!;
            while (!File.Exists(go))
            {
                await Task.Delay(5, token);
            }
        }

        var request = CopyBuilds.Request(CopyBuilds.CopyApp(CopyBuilds.Base("dotnet/aspnet:10.0")), store, Environment.GetEnvironmentVariable(ContextVariable)!)
            with { Progress = ProgressMode.Plain, ProgressOutput = Console.Out };
        var result = await new BuildService().BuildAsync(request, token);
        await File.WriteAllTextAsync(Environment.GetEnvironmentVariable(ResultVariable)!, result.ImageDigest.ToString(), token);
    }
}
