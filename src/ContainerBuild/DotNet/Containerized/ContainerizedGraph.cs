using ContainerBuild.Graph;

namespace ContainerBuild.DotNet.Containerized;

/// <summary>
/// The graph of a containerized build for one target platform, the same as <see cref="ContainerizedDockerfile"/> prints:
/// on the SDK image (build platform) the project files are copied and restored with the NuGet cache mounted; the front
/// end, if any, is installed and built in a node stage of its own (<see cref="FrontEnd"/>) whose output replaces the
/// project's <c>wwwroot</c> after the sources are copied; the sources are published for the RID,
/// which also splits the output into one folder per <see cref="DotNetLayerKind"/>; each folder is copied onto scratch
/// on its own and the copies are merged onto the runtime base (as <see cref="DotNetImageGraph"/> does with the host's
/// files), so a change in the app leaves every other layer a cache hit.
/// </summary>
public static class ContainerizedGraph
{
    /// <summary>The local source (<c>local://context</c>) that maps to <see cref="ContainerizedContext.Root"/>.</summary>
    public const string ContextName = "context";

    public static State For(ContainerizedPlan plan, ContainerizedTarget target, bool namePlatform)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        var prefix = namePlatform ? $"[{target.Platform}] " : "";
        var rid = target.RuntimeIdentifier;
        var dir = ContainerizedPlan.SourceDirectory + "/";

        var sdk = State.Image(plan.SdkImage, plan.BuildPlatform).WithCustomName($"{prefix}[build] FROM {plan.SdkImageName}");
        var projectFiles = State.Local(ContextName, new LocalOptions
        {
            IncludePatterns = plan.Context.RestoreIncludes,
            SharedKeyHint = "project-files",
            Op = new OpOptions { CustomName = $"{prefix}[internal] load project files" },
        });
        var restoreInput = sdk.File(CopyAll(projectFiles, dir), new OpOptions { CustomName = $"{prefix}[build] COPY project files {dir}" });
        var restoreScript = plan.RestoreScript(rid);
        var restored = restoreInput.Run(Step(plan, restoreScript, [NuGetCache(), .. FeedMounts(plan, prefix), .. plan.Trust.RestoreMounts()], $"{prefix}[build] RUN {restoreScript}")).Root;

        var sources = State.Local(ContextName, new LocalOptions
        {
            IncludePatterns = plan.Context.SourceIncludes,
            ExcludePatterns = plan.Context.SourceExcludes,
            SharedKeyHint = "sources",
            Op = new OpOptions { CustomName = $"{prefix}[internal] load sources" },
        });
        var withSources = restored.File(CopyAll(sources, dir), new OpOptions { CustomName = $"{prefix}[build] COPY sources {dir}" });
        if (FrontEnd(plan, prefix) is { } frontEnd)
        {
            var output = dir + plan.Context.FrontEndOutput + "/";
            withSources = withSources.File(
                FileActions.Copy(frontEnd, output, output, new CopyOptions { CopyDirectoryContentsOnly = true, CreateDestPath = true, AllowWildcard = false }),
                new OpOptions { CustomName = $"{prefix}[build] COPY --from=frontend {output} {output}" });
        }

        var withTargets = withSources
            .File(FileActions.Mkdir("/containerbuild", 0b111_101_101, new MkdirOptions { MakeParents = true, Timestamp = plan.SourceDate }))
            .File(
                FileActions.Mkfile(LayerSplitTargets.Path, 0b110_100_100, LayerSplitTargets.Text, new MkfileOptions { Timestamp = plan.SourceDate }),
                new OpOptions { CustomName = $"{prefix}[build] write {LayerSplitTargets.Path}" });
        var publishScript = plan.PublishScript(rid);
        var published = withTargets.Run(Step(plan, publishScript, [NuGetCache()], $"{prefix}[build] RUN {publishScript}")).Root;

        return Runtime(published, target, plan.SourceDate, plan.ImageSettings.RunSteps, prefix);
    }

    /// <summary>
    /// The node stage, or null without a front end: node and npm (apt-installed with locked apt cache mounts on the
    /// default Debian image), the package files copied and <c>npm ci</c> run with the npm cache mounted, then the
    /// front-end files copied and the build script run. Nothing of the .NET sources is an input, so a code change
    /// leaves every step of it cached.
    /// </summary>
    public static State? FrontEnd(ContainerizedPlan plan, string prefix)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.NodeImage is not { } image || plan.Context.FrontEndDirectories.Count == 0)
        {
            return null;
        }

        var dir = ContainerizedPlan.SourceDirectory + "/";
        var node = State.Image(image.Pinned, plan.BuildPlatform).WithCustomName($"{prefix}[frontend] FROM {image.Name}");
        if (image.InstallsNode)
        {
            node = node.Run(NodeStep(plan, ContainerizedPlan.NodeInstallScript, [AptCache(ContainerizedPlan.AptCacheDirectory), AptCache(ContainerizedPlan.AptListsDirectory)], $"{prefix}[frontend] RUN {ContainerizedPlan.NodeInstallScript}", "/")).Root;
        }

        var packages = State.Local(ContextName, new LocalOptions
        {
            IncludePatterns = plan.Context.FrontEndPackageFiles,
            SharedKeyHint = "package-files",
            Op = new OpOptions { CustomName = $"{prefix}[internal] load package files" },
        });
        node = node.File(CopyAll(packages, dir), new OpOptions { CustomName = $"{prefix}[frontend] COPY package files {dir}" });
        foreach (var frontEnd in plan.Context.FrontEndDirectories)
        {
            var install = plan.FrontEndInstallScript(frontEnd);
            node = node.Run(NodeStep(plan, install, [NpmCache(), .. plan.Trust.NpmMounts()], $"{prefix}[frontend] RUN {install}", ContainerizedPlan.SourceDirectory)).Root;
        }

        if (plan.Context.FrontEndFiles.Count > 0)
        {
            var files = State.Local(ContextName, new LocalOptions
            {
                IncludePatterns = plan.Context.FrontEndFiles,
                SharedKeyHint = "front-end-files",
                Op = new OpOptions { CustomName = $"{prefix}[internal] load front-end files" },
            });
            node = node.File(CopyAll(files, dir), new OpOptions { CustomName = $"{prefix}[frontend] COPY front-end files {dir}" });
        }

        foreach (var frontEnd in plan.Context.FrontEndDirectories)
        {
            var build = plan.FrontEndBuildScript(frontEnd, ContainerizedFrontEnd.HasBuildScript(plan.Context, frontEnd));
            node = node.Run(NodeStep(plan, build, plan.Trust.FrontEndBuildMounts(), $"{prefix}[frontend] RUN {build}", ContainerizedPlan.SourceDirectory)).Root;
        }

        return node;
    }

    // ContainerRun steps as on the host path (DotNetImageGraph): before the app on the base, so an app change keeps them
    // cached, and after it on the stacked image.
    private static State Runtime(State published, ContainerizedTarget target, DateTimeOffset sourceDate, IReadOnlyList<ContainerRunStep> runSteps, string prefix)
    {
        var config = target.Config;
        var destination = config.WorkingDirectory.TrimEnd('/') + "/";
        var shownBase = target.PinnedBase.Tag is { } tag ? target.PinnedBase.WithoutTagOrDigest().WithTag(tag) : target.PinnedBase;
        var baseState = State.Image(target.PinnedBase, target.Platform).WithCustomName($"{prefix}FROM {shownBase}");
        var ownerByName = config.Owner.User.Name is not null || config.Owner.Group?.Name is not null;
        var beforeApp = ContainerRunGraph.Apply(baseState, runSteps, ContainerRunStage.BeforeApp, config.Env, config.BaseWorkingDirectory, prefix);
        var stack = new List<State> { beforeApp };
        foreach (var kind in Enum.GetValues<DotNetLayerKind>())
        {
            // A wildcard that may match nothing: a kind the app does not have adds no layer, as on the host path.
            var copy = FileActions.Copy(published, $"{LayerSplitTargets.LayersDirectory}/{LayerSplitTargets.FolderOf(kind)}/*", destination, new CopyOptions
            {
                Owner = config.Owner,
                AllowWildcard = true,
                AllowEmptyWildcard = true,
                CreateDestPath = true,
                Timestamp = sourceDate,
            });
            var onto = ownerByName ? beforeApp : State.Scratch();
            var copied = onto.File(copy, new OpOptions { CustomName = $"{prefix}COPY {DotNetImageGraph.Describe(kind)} {destination}" });
            stack.Add(ownerByName ? State.Diff(beforeApp, copied) : copied);
        }

        var image = State.Merge(stack, new OpOptions { CustomName = $"{prefix}stacking the app's layers on the base image" });
        return ContainerRunGraph.Apply(image, runSteps, ContainerRunStage.AfterApp, config.Env, config.WorkingDirectory, prefix)
            .WithMetadata(config.Metadata with { Platform = target.Platform });
    }

    /// <summary>The local source name of the context's <paramref name="index"/>th local NuGet feed (<see cref="ContainerizedContext.LocalFeeds"/>).</summary>
    public static string FeedName(int index) => "nuget-feed-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Each local NuGet feed read-only where NuGet in the build stage looks for it; the feed's content is in the step's key.
    private static IEnumerable<ExecMount> FeedMounts(ContainerizedPlan plan, string prefix) =>
        plan.Context.LocalFeeds.Select((feed, i) => (ExecMount)new BindMount(feed.ContainerPath, State.Local(FeedName(i), new LocalOptions
        {
            SharedKeyHint = FeedName(i),
            Op = new OpOptions { CustomName = $"{prefix}[internal] load NuGet feed {feed.HostPath}" },
        }))
        {
            Readonly = true,
        });

    private static FileAction CopyAll(State source, string destination) => FileActions.Copy(source, "/", destination, new CopyOptions
    {
        CopyDirectoryContentsOnly = true,
        CreateDestPath = true,
        AllowWildcard = false,
    });

    private static RunOptions Step(ContainerizedPlan plan, string script, IReadOnlyList<ExecMount> mounts, string name) => new()
    {
        Args = ["/bin/sh", "-c", script],
        Env = plan.SdkEnv,
        WorkingDir = ContainerizedPlan.SourceDirectory,
        Mounts = mounts,
        Op = new OpOptions { CustomName = name },
    };

    private static RunOptions NodeStep(ContainerizedPlan plan, string script, IReadOnlyList<ExecMount> mounts, string name, string workingDirectory) => new()
    {
        Args = ["/bin/sh", "-c", script],
        Env = plan.NodeEnv,
        WorkingDir = workingDirectory,
        Mounts = mounts,
        Op = new OpOptions { CustomName = name },
    };

    private static CacheMount AptCache(string target) => new(target, target) { Sharing = CacheSharing.Locked };

    private static CacheMount NuGetCache() => new(ContainerizedPlan.NuGetPackagesDirectory, ContainerizedPlan.NuGetCacheId) { Sharing = CacheSharing.Locked };

    private static CacheMount NpmCache() => new(ContainerizedPlan.NpmCacheDirectory, ContainerizedPlan.NpmCacheId) { Sharing = CacheSharing.Locked };
}
