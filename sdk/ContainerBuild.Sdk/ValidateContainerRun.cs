using ContainerBuild.Tasks.Publishing;
using Microsoft.Build.Framework;
using MsBuildTask = Microsoft.Build.Utilities.Task;

namespace ContainerBuild.Tasks;

/// <summary>
/// <c>ComputeContainerConfig</c>'s check of the <c>ContainerRun</c> items (mounts, network, stage, working directory,
/// user), so a bad one fails before any platform is published; CreateContainerImage reads them the same way.
/// </summary>
public sealed class ValidateContainerRun : MsBuildTask
{
    public ITaskItem[] ContainerRun { get; set; } = [];

    public override bool Execute()
    {
        ContainerRunItems.Read(ContainerRun, Log);
        return !Log.HasLoggedErrors;
    }
}
