using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.DotNet;

/// <summary>One layer of the graph: its kind and the local source (<c>local://NAME</c>) that holds exactly its files.</summary>
public sealed record DotNetLayerSource(DotNetLayerKind Kind, string LocalName);

/// <summary>
/// The graph of one platform's image: the base image, and on it one layer per non-empty <see cref="DotNetLayerKind"/>,
/// in the enum's order. Each layer is a copy of its own local source made on its own and stacked with a merge (BuildKit's
/// <c>COPY --link</c>), so its cache key holds only its files, its owner and the layer options: a change in one layer,
/// or a new base image, leaves every other layer a cache hit that is neither repacked nor uploaded again. With an owner
/// given by name the copy is made on the base (whose <c>/etc/passwd</c> resolves the name) and diffed back off it.
/// <c>ContainerRun</c> steps (<see cref="ContainerRunGraph"/>) before the app run on the base and the layers are stacked
/// on their result, so an app change leaves them cached; those after the app run on the stacked image.
/// </summary>
public static class DotNetImageGraph
{
    public static State For(
        ImageReference pinnedBase, Platform platform, IReadOnlyList<DotNetLayerSource> layers, DotNetImageConfig config, DateTimeOffset sourceDate, bool namePlatform,
        IReadOnlyList<ContainerRunStep>? runSteps = null)
    {
        ArgumentNullException.ThrowIfNull(pinnedBase);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(config);
        var prefix = namePlatform ? $"[{platform}] " : "";
        var destination = config.WorkingDirectory.TrimEnd('/') + "/";
        var shownBase = pinnedBase.Tag is { } tag ? pinnedBase.WithoutTagOrDigest().WithTag(tag) : pinnedBase;
        var baseState = State.Image(pinnedBase, platform).WithCustomName($"{prefix}FROM {shownBase}");
        var ownerByName = config.Owner.User.Name is not null || config.Owner.Group?.Name is not null;
        runSteps ??= [];
        var beforeApp = ContainerRunGraph.Apply(baseState, runSteps, ContainerRunStage.BeforeApp, config.Env, config.BaseWorkingDirectory, prefix);

        var stack = new List<State> { beforeApp };
        foreach (var layer in layers)
        {
            var local = State.Local(layer.LocalName, new LocalOptions { Op = new OpOptions { CustomName = $"{prefix}[internal] load {Describe(layer.Kind)}" } });
            var copy = FileActions.Copy(local, "/", destination, new CopyOptions
            {
                Owner = config.Owner,
                CopyDirectoryContentsOnly = true,
                CreateDestPath = true,
                Timestamp = sourceDate,
            });
            var onto = ownerByName ? beforeApp : State.Scratch();
            var copied = onto.File(copy, new OpOptions { CustomName = $"{prefix}COPY {Describe(layer.Kind)} {destination}" });
            stack.Add(ownerByName ? State.Diff(beforeApp, copied) : copied);
        }

        var image = stack.Count == 1 ? beforeApp : State.Merge(stack, new OpOptions { CustomName = $"{prefix}stacking {stack.Count - 1} layer(s) on the base image" });
        image = ContainerRunGraph.Apply(image, runSteps, ContainerRunStage.AfterApp, config.Env, config.WorkingDirectory, prefix);
        return image.WithMetadata(config.Metadata with { Platform = platform });
    }

    /// <summary>How progress and the image history name a layer's files.</summary>
    public static string Describe(DotNetLayerKind kind) => kind switch
    {
        DotNetLayerKind.Runtime => "runtime files",
        DotNetLayerKind.Packages => "package files",
        DotNetLayerKind.ProjectReferences => "project reference files",
        DotNetLayerKind.StaticWebAssets => "static web assets",
        _ => "app files",
    };
}
