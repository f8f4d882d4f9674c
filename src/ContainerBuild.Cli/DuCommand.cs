using System.CommandLine;
using ContainerBuild.Cache;

namespace ContainerBuild.Cli;

/// <summary><c>dotnet containerbuild du</c>, shaped like <c>docker buildx du</c>.</summary>
internal static class DuCommand
{
    public static Command Create(CliContext context)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Show every field of every entry." };
        var command = new Command("du", "Show the disk usage of the build cache.") { verbose };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, context, async () =>
        {
            var cache = new BuildCache(new BuildCacheOptions { Environment = context.Environment });
            var usage = await cache.DiskUsageAsync(cancellationToken).ConfigureAwait(false);
            parseResult.InvocationConfiguration.Output.Write(CacheReport.DiskUsage(usage, DateTimeOffset.UtcNow, parseResult.GetValue(verbose)));
        }));
        return command;
    }
}
