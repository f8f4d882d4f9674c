using System.CommandLine;
using ContainerBuild.Cache;

namespace ContainerBuild.Cli;

/// <summary><c>dotnet containerbuild prune</c>, shaped like <c>docker buildx prune</c>.</summary>
internal static class PruneCommand
{
    public static Command Create(CliContext context)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Include internal and frontend records, and every blob no record references." };
        var filters = new Option<string[]>("--filter") { Description = "Prune only what matches: until=24h, type=regular, id=PREFIX (repeatable)." };
        var keepStorage = new Option<string?>("--keep-storage") { Description = "Keep this much cache, removing least recently used entries first (such as 5GB)." };
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation." };
        var command = new Command("prune", "Remove build cache.") { all, filters, keepStorage, force };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, context, async () =>
        {
            long? keep = null;
            if (parseResult.GetValue(keepStorage) is { } text)
            {
                try
                {
                    keep = ByteSize.Parse(text);
                }
                catch (FormatException e)
                {
                    throw new UsageException($"--keep-storage: {e.Message}");
                }
            }

            var output = parseResult.InvocationConfiguration.Output;
            var isAll = parseResult.GetValue(all);
            if (!parseResult.GetValue(force))
            {
                output.Write(isAll
                    ? "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] "
                    : "WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ");
                output.Flush();
                var answer = Console.In.ReadLine()?.Trim();
                if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }

            var cache = new BuildCache(new BuildCacheOptions { Environment = context.Environment });
            try
            {
                var result = await cache.PruneAsync(
                    new Engine.Cache.PruneOptions { All = isAll, Filters = parseResult.GetValue(filters) ?? [], KeepStorage = keep },
                    cancellationToken).ConfigureAwait(false);
                output.Write(CacheReport.Prune(result));
            }
            catch (Engine.Cache.InvalidPruneFilterException e)
            {
                throw new UsageException(e.Message);
            }
        }));
        return command;
    }
}
