using ContainerBuild.DotNet;
using ContainerBuild.DotNet.Containerized;
using ContainerBuild.Oci;
using Microsoft.Build.Framework;

namespace ContainerBuild.Tasks;

/// <summary>
/// <c>ContainerBuildInContainer=true</c>: the same task inputs and <c>GeneratedContainer*</c> outputs, but the app is
/// restored, built and published inside the SDK image (<see cref="ContainerizedImageBuilder"/>) instead of from the
/// host's publish folder, which the targets then never make.
/// </summary>
public sealed partial class CreateContainerImage
{
    /// <summary><c>ContainerBuildInContainer</c>: build the app inside containers.</summary>
    public bool InContainer { get; set; }

    /// <summary>The project file (<c>MSBuildProjectFullPath</c>), for a containerized build.</summary>
    public string? ProjectPath { get; set; }

    /// <summary><c>ContainerSdkImage</c>: the image the app is built in (inferred by the targets).</summary>
    public string? SdkImage { get; set; }

    /// <summary><c>ContainerDefaultBaseRegistry</c>: where the node stage's default image comes from.</summary>
    public string? DefaultBaseRegistry { get; set; }

    /// <summary><c>ContainerBuildTrustHostCertificates</c>: mount the host's CA bundle into build steps (anything but <c>false</c>).</summary>
    public string? TrustHostCertificates { get; set; }

    private DotNetImageResult BuildInContainer(DotNetImageRequest request)
    {
        var project = Blank(ProjectPath) ?? throw new FormatException("ProjectPath is empty: a containerized build needs the project file.");
        Log.LogMessage(MessageImportance.High, "Building {0} inside {1}: the host compiles and publishes nothing.", Path.GetFileName(project), Blank(SdkImage) ?? "the .NET SDK image");
        var containerized = new ContainerizedBuildRequest
        {
            ProjectPath = project,
            Platforms = [.. request.Platforms.Select(p => p.Platform)],
            BaseRegistry = Blank(DefaultBaseRegistry) ?? "mcr.microsoft.com",
            SdkImage = Blank(SdkImage),
            TrustHostCertificates = !string.Equals(Blank(TrustHostCertificates), "false", StringComparison.OrdinalIgnoreCase),
            ImageSettings = request,
            GlobalProperties = HostGlobalProperties(),
            Progress = request.Progress,
            ProgressOutput = request.ProgressOutput,
            StoreRoot = request.StoreRoot,
            Environment = request.Environment,
            SourceDate = request.SourceDate,
        };
        return new ContainerizedImageBuilder().BuildAsync(containerized, cancel.Token).GetAwaiter().GetResult();
    }

    // One platform per Platforms item, else ContainerRuntimeIdentifier; no published files (the build step makes them).
    private List<DotNetImagePlatform> CreatePlatformsInContainer()
    {
        var rid = string.IsNullOrWhiteSpace(ContainerRuntimeIdentifier) ? "linux-x64" : ContainerRuntimeIdentifier.Trim();
        List<(string Rid, Platform Platform)> platforms = Platforms.Length > 0
            ? [.. Platforms.Select(p => (p.ItemSpec, PlatformOf(p)))]
            : [(rid, Platform.FromRuntimeIdentifier(rid))];
        var result = new List<DotNetImagePlatform>();
        foreach (var (platformRid, platform) in platforms)
        {
            // The build step publishes for the platform's glibc RID (linux-x64, linux-arm64, ...).
            string buildRid;
            try
            {
                buildRid = ContainerizedPlan.RuntimeIdentifierOf(platform);
            }
            catch (ContainerizedBuildException e)
            {
                throw new FormatException(e.Message, e);
            }

            if (!string.Equals(platformRid, buildRid, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"ContainerBuildInContainer builds for glibc Linux runtime identifiers such as linux-x64; {platformRid} is not one: publish on the host for it.");
            }

            result.Add(new DotNetImagePlatform(platform, platformRid, []));
        }

        return result;
    }

    // The -p: properties this build was given, so the project's evaluation for the containerized build sees them too.
    private Dictionary<string, string> HostGlobalProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (BuildEngine is IBuildEngine6 engine)
        {
            foreach (var (name, value) in engine.GetGlobalProperties())
            {
                properties[name] = value;
            }
        }

        return properties;
    }
}
