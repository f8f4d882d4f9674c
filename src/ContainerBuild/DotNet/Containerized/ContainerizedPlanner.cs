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
/// host publish path does (<see cref="DotNetImageConfig"/>).
/// </summary>
public static class ContainerizedPlanner
{
    public static async Task<ContainerizedPlan> PlanAsync(ContainerizedBuildRequest request, ContentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        var project = await ContainerizedProject.EvaluateAsync(request.ProjectPath, request.Environment, cancellationToken).ConfigureAwait(false);
        var context = ContainerizedContext.For(project);
        var tag = ContainerizedPlan.ImageTagOf(project.TargetFramework);
        var registry = request.BaseRegistry.Trim().TrimEnd('/');
        var sdkName = Parse(project.Get("ContainerSdkImage") is { Length: > 0 } sdk ? sdk : $"{registry}/dotnet/sdk:{tag}", "ContainerSdkImage");
        var flavour = project.SelfContained ? "runtime-deps" : project.IsWeb ? "aspnet" : "runtime";
        var baseName = Parse(project.Get("ContainerBaseImage") is { Length: > 0 } given ? given : $"{registry}/dotnet/{flavour}:{tag}", "ContainerBaseImage");
        var platforms = request.Platforms.Count == 0 ? [Platform.LinuxAmd64] : request.Platforms;
        var buildPlatform = Dockerfile.DockerfileBuildService.HostPlatform;

        using var clients = ImageSourceResolver.CreateClients(request.Environment);
        var resolver = new ImageSourceResolver(store, clients);
        var mode = request.Pull ? SourceResolveMode.Pull : SourceResolveMode.Default;
        var sdkImage = await resolver.ResolveAsync(sdkName, buildPlatform, mode, cancellationToken).ConfigureAwait(false);
        ContainerizedNodeImage? nodeImage = null;
        if (context.FrontEndDirectories.Count > 0)
        {
            var named = project.Get("ContainerNodeImage") is { Length: > 0 } node ? node : null;
            var nodeName = Parse(named ?? $"{registry}/{ContainerizedPlan.DefaultNodeImage}", "ContainerNodeImage");
            var resolved = await resolver.ResolveAsync(nodeName, buildPlatform, mode, cancellationToken).ConfigureAwait(false);
            nodeImage = new ContainerizedNodeImage(nodeName.WithDigest(resolved.Root.Digest), nodeName, [.. resolved.Config.Config?.Env ?? []], InstallsNode: named is null);
        }

        var bases = await Task.WhenAll(platforms.Select(p => resolver.ResolveAsync(baseName, p, mode, cancellationToken))).ConfigureAwait(false);

        var workingDirectory = project.Get("ContainerWorkingDirectory") is { Length: > 0 } wd ? wd : "/app/";
        var configRequest = new DotNetImageRequest
        {
            BaseImage = baseName.ToString(),
            Platforms = [],
            Repository = project.Get("ContainerRepository") is { Length: > 0 } repository ? repository : project.AssemblyName.ToLowerInvariant(),
            User = project.Get("ContainerUser") is { Length: > 0 } user ? user : null,
            WorkingDirectory = workingDirectory,
            AppCommand = [workingDirectory.TrimEnd('/') + "/" + project.AssemblyName],
        };
        var targets = new List<ContainerizedTarget>();
        for (var i = 0; i < platforms.Count; i++)
        {
            var config = DotNetImageConfig.For(configRequest, bases[i].Config, baseName, bases[i].Manifest.Digest);
            targets.Add(new ContainerizedTarget(platforms[i], ContainerizedPlan.RuntimeIdentifierOf(platforms[i]), baseName.WithDigest(bases[i].Root.Digest), config));
        }

        var trust = ContainerizedTrust.From(
            request.Environment,
            request.TrustHostCertificates ?? !string.Equals(project.Get("ContainerBuildTrustHostCertificates"), "false", StringComparison.OrdinalIgnoreCase),
            request.CertificateBundle);
        var sourceDate = request.SourceDate
            ?? SourceDateEpoch.FromEnvironment(request.Environment)
            ?? await GitCommitTime.OfHeadAsync(context.Root, cancellationToken).ConfigureAwait(false)
            ?? DateTimeOffset.UnixEpoch;
        return new ContainerizedPlan
        {
            Project = project,
            Context = context,
            SdkImage = sdkName.WithDigest(sdkImage.Root.Digest),
            SdkImageName = sdkName,
            SdkEnv = [.. sdkImage.Config.Config?.Env ?? []],
            BuildPlatform = buildPlatform,
            NodeImage = nodeImage,
            BaseImageName = baseName,
            Trust = trust,
            Targets = targets,
            SourceDate = sourceDate,
        };
    }

    private static ImageReference Parse(string text, string property) =>
        ImageReference.TryParse(text, out var reference)
            ? reference.WithDefaultTag()
            : throw new ContainerizedBuildException($"{property} '{text}' is not an image name: write [REGISTRY/]REPOSITORY[:TAG].");
}
