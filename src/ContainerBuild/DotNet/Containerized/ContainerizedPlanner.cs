using ContainerBuild.Build;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// Makes the <see cref="ContainerizedPlan"/> of a project: evaluates it, computes the context, infers the SDK image
/// (<c>ContainerSdkImage</c>, else <c>&lt;registry&gt;/dotnet/sdk:&lt;tfm&gt;</c>) and the runtime base
/// (<c>ContainerBaseImage</c>, else aspnet for a web project, runtime-deps for a self-contained one, else runtime),
/// the node stage's image when the project has a front end (<c>ContainerNodeImage</c>, which must have node and npm,
/// else <c>&lt;registry&gt;/debian:bookworm-slim</c> where apt installs them), resolves their manifests and configs (nothing else is downloaded) and computes each platform's image config as the
/// host publish path does (<see cref="DotNetImageConfig"/>), from the settings an MSBuild host computed or else from the
/// project's own (<see cref="ContainerizedImageSettings"/>).
/// </summary>
public static class ContainerizedPlanner
{
    public static async Task<ContainerizedPlan> PlanAsync(ContainerizedBuildRequest request, ContentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        var project = await ContainerizedProject.EvaluateAsync(request.ProjectPath, request.Environment, request.GlobalProperties, cancellationToken).ConfigureAwait(false);
        var context = ContainerizedContext.For(project);
        var tag = ContainerizedPlan.ImageTagOf(project.TargetFramework);
        var registry = request.BaseRegistry.Trim().TrimEnd('/');
        var sdkName = Parse(NonEmpty(request.SdkImage) ?? NonEmpty(project.Get("ContainerSdkImage")) ?? $"{registry}/dotnet/sdk:{tag}", "ContainerSdkImage");
        var flavour = project.SelfContained ? "runtime-deps" : project.IsWeb ? "aspnet" : "runtime";
        var baseName = Parse(NonEmpty(request.ImageSettings?.BaseImage) ?? NonEmpty(project.Get("ContainerBaseImage")) ?? $"{registry}/dotnet/{flavour}:{tag}", "ContainerBaseImage");
        var platforms = request.Platforms.Count == 0 ? [Platform.LinuxAmd64] : request.Platforms;
        var buildPlatform = Dockerfile.DockerfileBuildService.HostPlatform;
        using var clients = ImageSourceResolver.CreateClients(request.Environment, PushRegistryOf(request));
        var resolver = new ImageSourceResolver(store, clients);
        var mode = request.Pull ? SourceResolveMode.Pull : SourceResolveMode.Default;
        var sdkImage = await resolver.ResolveAsync(sdkName, buildPlatform, mode, cancellationToken).ConfigureAwait(false);
        ContainerizedNodeImage? nodeImage = null;
        if (context.FrontEndDirectories.Count > 0)
        {
            var named = NonEmpty(project.Get("ContainerNodeImage"));
            var nodeName = Parse(named ?? $"{registry}/{ContainerizedPlan.DefaultNodeImage}", "ContainerNodeImage");
            var resolved = await resolver.ResolveAsync(nodeName, buildPlatform, mode, cancellationToken).ConfigureAwait(false);
            nodeImage = new ContainerizedNodeImage(nodeName.WithDigest(resolved.Root.Digest), nodeName, [.. resolved.Config.Config?.Env ?? []], InstallsNode: named is null);
        }

        var bases = await Task.WhenAll(platforms.Select(p => resolver.ResolveAsync(baseName, p, mode, cancellationToken))).ConfigureAwait(false);
        var sdkEnv = sdkImage.Config.Config?.Env ?? [];
        var sourceDate = request.SourceDate
            ?? SourceDateEpoch.FromEnvironment(request.Environment)
            ?? await GitCommitTime.OfHeadAsync(context.Root, cancellationToken).ConfigureAwait(false)
            ?? DateTimeOffset.UnixEpoch;
        var settings = request.ImageSettings ?? ContainerizedImageSettings.From(project, baseName, sourceDate, SdkVersionOf(sdkEnv));
        var targets = new List<ContainerizedTarget>();
        for (var i = 0; i < platforms.Count; i++)
        {
            DotNetImageConfig config;
            try
            {
                config = DotNetImageConfig.For(settings, bases[i].Config, baseName, bases[i].Manifest.Digest);
            }
            catch (ArgumentException e)
            {
                throw new ContainerizedBuildException(e.Message, e);
            }

            targets.Add(new ContainerizedTarget(platforms[i], ContainerizedPlan.RuntimeIdentifierOf(platforms[i]), baseName.WithDigest(bases[i].Root.Digest), config)
            {
                BaseManifestMediaType = bases[i].Manifest.MediaType,
            });
        }

        var trust = ContainerizedTrust.From(
            request.Environment,
            request.TrustHostCertificates ?? !string.Equals(project.Get("ContainerBuildTrustHostCertificates"), "false", StringComparison.OrdinalIgnoreCase),
            request.CertificateBundle);
        return new ContainerizedPlan
        {
            Project = project,
            Context = context,
            SdkImage = sdkName.WithDigest(sdkImage.Root.Digest),
            SdkImageName = sdkName,
            SdkEnv = [.. sdkEnv],
            BuildPlatform = buildPlatform,
            NodeImage = nodeImage,
            BaseImageName = baseName,
            Trust = trust,
            Targets = targets,
            ImageSettings = settings,
            SourceDate = sourceDate,
        };
    }

    // The push registry's credentials serve pulls from it too, as on the host publish path.
    private static string? PushRegistryOf(ContainerizedBuildRequest request) =>
        request.ImageSettings is { ArchiveOutputPath: null or "", Registry: { Length: > 0 } registry } ? registry.Trim().TrimEnd('/') : null;

    // The SDK image says which SDK it has (DOTNET_SDK_VERSION), for the net.dot.sdk.version label.
    private static string? SdkVersionOf(IEnumerable<string> env) =>
        env.Select(e => e.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "DOTNET_SDK_VERSION").Select(p => p[1]).LastOrDefault();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ImageReference Parse(string text, string property) =>
        ImageReference.TryParse(text, out var reference)
            ? reference.WithDefaultTag()
            : throw new ContainerizedBuildException($"{property} '{text}' is not an image name: write [REGISTRY/]REPOSITORY[:TAG].");
}
