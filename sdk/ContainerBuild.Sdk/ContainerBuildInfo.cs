using Microsoft.Build.Framework;
using MsBuildTask = Microsoft.Build.Utilities.Task;

namespace ContainerBuild.Tasks;

/// <summary>Reports the ContainerBuild version and how the project brought it in (SDK or PackageReference).</summary>
public sealed class ContainerBuildInfo : MsBuildTask
{
    /// <summary>How the project referenced ContainerBuild: <c>Sdk</c> or <c>PackageReference</c>.</summary>
    public string Mode { get; set; } = "";

    /// <summary>The ContainerBuild version that ran.</summary>
    [Output]
    public string Version { get; private set; } = "";

    public override bool Execute()
    {
        Version = ProductInfo.Version;
        Log.LogMessage(MessageImportance.High, "ContainerBuild {0} ({1})", Version, Mode);
        return true;
    }
}
