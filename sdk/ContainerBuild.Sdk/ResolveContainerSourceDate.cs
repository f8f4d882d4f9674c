using System.Globalization;
using ContainerBuild.Build;
using ContainerBuild.Tasks.Diagnostics;
using Microsoft.Build.Framework;
using MsBuildTask = Microsoft.Build.Utilities.Task;

namespace ContainerBuild.Tasks;

/// <summary>
/// Settles <c>ContainerSourceDateEpoch</c> once per publish (DESIGN decision 6): the property (which defaults to
/// <c>SOURCE_DATE_EPOCH</c>), else the commit time of the git HEAD holding the project, else 0; so the config, history,
/// layer mtimes and the <c>created</c> labels all carry the same date and never the wall clock.
/// </summary>
public sealed class ResolveContainerSourceDate : MsBuildTask
{
    /// <summary>The property as the project left it (the targets default it to <c>$(SOURCE_DATE_EPOCH)</c>).</summary>
    public string? ContainerSourceDateEpoch { get; set; }

    public string? ProjectDirectory { get; set; }

    [Output]
    public string SourceDateEpoch { get; private set; } = "0";

    /// <summary>The same instant as ISO 8601 UTC (<c>2024-05-01T12:00:00Z</c>), for the <c>created</c> labels.</summary>
    [Output]
    public string SourceDate { get; private set; } = "";

    public override bool Execute()
    {
        long seconds;
        if (!string.IsNullOrWhiteSpace(ContainerSourceDateEpoch))
        {
            try
            {
                // The orchestration's own reading of SOURCE_DATE_EPOCH, so both hosts accept the same text.
                var date = Build.SourceDateEpoch.FromEnvironment(new Dictionary<string, string?> { [Build.SourceDateEpoch.Variable] = ContainerSourceDateEpoch });
                seconds = date!.Value.ToUnixTimeSeconds();
            }
            catch (FormatException)
            {
                Log.LogError(null, DiagnosticCodes.InvalidSourceDateEpoch, null, null, 0, 0, 0, 0,
                    "ContainerSourceDateEpoch (or SOURCE_DATE_EPOCH) '{0}' is not whole seconds since 1970-01-01: set it to a number such as the output of `git log -1 --format=%ct`.",
                    ContainerSourceDateEpoch);
                return false;
            }
        }
        else
        {
            var head = string.IsNullOrEmpty(ProjectDirectory) ? null : GitCommitTime.OfHeadAsync(ProjectDirectory).GetAwaiter().GetResult();
            seconds = head?.ToUnixTimeSeconds() ?? 0;
        }

        SourceDateEpoch = seconds.ToString(CultureInfo.InvariantCulture);
        SourceDate = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return true;
    }
}
