using System.Globalization;
using ContainerBuild.Tasks.Diagnostics;
using ContainerBuild.Tasks.Inference;
using Microsoft.Build.Framework;
using MsBuildTask = Microsoft.Build.Utilities.Task;

namespace ContainerBuild.Tasks;

/// <summary>
/// <c>ComputeContainerBaseImage</c>'s work: keeps a <c>ContainerBaseImage</c> the user set, else infers the Microsoft
/// image the SDK would pick (<see cref="BaseImageInference"/>) from <c>ContainerDefaultBaseRegistry</c>.
/// </summary>
public sealed class InferContainerBaseImage : MsBuildTask
{
    public string? UserBaseImage { get; set; }

    public string? DefaultBaseRegistry { get; set; }

    /// <summary><c>$(_TargetFrameworkVersionWithoutV)</c>, such as <c>10.0</c>.</summary>
    public string? TargetFrameworkVersion { get; set; }

    public ITaskItem[] FrameworkReferences { get; set; } = [];

    public bool IsSelfContained { get; set; }

    public bool IsAotPublished { get; set; }

    public bool IsTrimmed { get; set; }

    public bool UsesInvariantGlobalization { get; set; }

    public string[] TargetRuntimeIdentifiers { get; set; } = [];

    public string? ContainerFamily { get; set; }

    [Output]
    public string ComputedContainerBaseImage { get; private set; } = "";

    public override bool Execute()
    {
        if (!string.IsNullOrWhiteSpace(UserBaseImage))
        {
            ComputedContainerBaseImage = UserBaseImage.Trim();
            return true;
        }

        if (!Version.TryParse(TargetFrameworkVersion, out var version) || version.Major < 6)
        {
            Log.LogError(null, DiagnosticCodes.InvalidBaseImage, null, null, 0, 0, 0, 0,
                "ContainerBuild cannot infer a base image for target framework version '{0}': set ContainerBaseImage to the image to build on (such as mcr.microsoft.com/dotnet/runtime:10.0).",
                TargetFrameworkVersion ?? "");
            return false;
        }

        ComputedContainerBaseImage = BaseImageInference.Infer(new BaseImageInputs
        {
            Registry = string.IsNullOrWhiteSpace(DefaultBaseRegistry) ? BaseImageInference.MicrosoftRegistry : DefaultBaseRegistry,
            TargetFrameworkVersion = version,
            UsesAspNetCore = FrameworkReferences.Any(r => string.Equals(r.ItemSpec, "Microsoft.AspNetCore.App", StringComparison.OrdinalIgnoreCase)),
            IsSelfContained = IsSelfContained,
            IsAot = IsAotPublished,
            IsTrimmed = IsTrimmed,
            UsesInvariantGlobalization = UsesInvariantGlobalization,
            RuntimeIdentifiers = [.. TargetRuntimeIdentifiers.Where(r => !string.IsNullOrWhiteSpace(r))],
            Family = ContainerFamily,
        });
        Log.LogMessage(MessageImportance.Low, string.Format(CultureInfo.InvariantCulture, "Inferred base image {0}.", ComputedContainerBaseImage));
        return true;
    }
}
