using ContainerBuild.DotNet;
using ContainerBuild.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ContainerBuild.Tasks.Publishing;

/// <summary>
/// <c>ContainerRun</c> items as steps. The command is the item's <c>Command</c> metadata when set (MSBuild splits an
/// Include at ';' and expands its wildcards against the host's files), else its Include; metadata <c>Mounts</c>,
/// <c>User</c>, <c>Network</c>, <c>WorkingDirectory</c> and <c>Stage</c> as <see cref="ContainerRunStep.Parse"/> reads them.
/// </summary>
public static class ContainerRunItems
{
    public const string CommandMetadata = "Command";

    /// <summary>The steps in item order; each rejected item is logged as CONTAINERBUILD012 and left out.</summary>
    public static IReadOnlyList<ContainerRunStep> Read(IEnumerable<ITaskItem> items, TaskLoggingHelper log)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(log);
        var steps = new List<ContainerRunStep>();
        foreach (var item in items)
        {
            var given = item.GetMetadata(CommandMetadata);
            var command = string.IsNullOrWhiteSpace(given) ? item.ItemSpec : given;
            try
            {
                steps.Add(ContainerRunStep.Parse(
                    command,
                    mounts: item.GetMetadata(nameof(ContainerRunStep.Mounts)),
                    user: item.GetMetadata(nameof(ContainerRunStep.User)),
                    network: item.GetMetadata(nameof(ContainerRunStep.Network)),
                    workingDirectory: item.GetMetadata(nameof(ContainerRunStep.WorkingDirectory)),
                    stage: item.GetMetadata(nameof(ContainerRunStep.Stage))));
            }
            catch (InvalidContainerRunException e)
            {
                var diagnostic = ContainerRunDiagnostics.Describe(e);
                log.LogError(null, diagnostic.Code, null, null, 0, 0, 0, 0, "{0}", diagnostic.Message);
            }
        }

        return steps;
    }
}
