using System.Text.Json;
using ContainerBuild.Graph;
using ContainerBuild.Oci;

namespace ContainerBuild.Engine.Exporting;

/// <summary>
/// The config of a built image: the base image's config overlaid by the state's metadata as <c>docker build</c>
/// does it, the platform, the chain's diff ids, and the base's history plus one entry per new layer, all dated
/// with the source date (DESIGN decision 6).
/// </summary>
public static class ImageConfigComposer
{
    /// <summary>Fields of a base's config that describe how the base was built, not the new image.</summary>
    private static readonly string[] BaseBuildFields = ["container", "container_config", "docker_version", "moby.buildkit.buildinfo.v1"];

    /// <param name="baseConfig">The base image's config; null for an image built from scratch.</param>
    /// <param name="metadata">The state's metadata: what is set there wins, env and labels merge by key.</param>
    /// <param name="platform">The platform the image is for.</param>
    /// <param name="diffIds">Every layer's diff id, base first.</param>
    /// <param name="newLayerNames">What made each layer beyond the base's (the history's <c>created_by</c>), base first.</param>
    /// <param name="created">The source date: <c>created</c> and the new history entries.</param>
    /// <param name="extraFields">Fields added at the config's top level (build info).</param>
    public static ImageConfig Compose(
        ImageConfig? baseConfig,
        ImageMetadata metadata,
        Platform platform,
        IReadOnlyList<Digest> diffIds,
        IReadOnlyList<string> newLayerNames,
        DateTimeOffset created,
        IReadOnlyDictionary<string, JsonElement>? extraFields = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(diffIds);
        ArgumentNullException.ThrowIfNull(newLayerNames);

        var history = new List<HistoryEntry>(baseConfig?.History ?? []);
        history.AddRange(newLayerNames.Select(name => new HistoryEntry { Created = created, CreatedBy = name }));

        var extension = baseConfig?.ExtensionData is { } fromBase
            ? fromBase.Where(pair => !BaseBuildFields.Contains(pair.Key, StringComparer.Ordinal)).ToDictionary(StringComparer.Ordinal)
            : [];
        foreach (var (key, value) in extraFields ?? new Dictionary<string, JsonElement>())
        {
            extension[key] = value;
        }

        var sameOs = baseConfig is not null && string.Equals(baseConfig.OS, platform.OS, StringComparison.Ordinal);
        return new ImageConfig
        {
            Created = created,
            Author = metadata.Author ?? baseConfig?.Author,
            Architecture = platform.Architecture,
            OS = platform.OS,
            Variant = string.IsNullOrEmpty(platform.Variant) ? null : platform.Variant,
            OSVersion = platform.OSVersion ?? (sameOs ? baseConfig!.OSVersion : null),
            OSFeatures = platform.OSFeatures ?? (sameOs ? baseConfig!.OSFeatures : null),
            Config = Overlay(baseConfig?.Config, metadata.ToContainerConfig()),
            RootFileSystem = new RootFileSystem { DiffIds = [.. diffIds] },
            History = history.Count == 0 ? null : history,
            ExtensionData = extension.Count == 0 ? null : extension,
        };
    }

    /// <summary>
    /// Docker's rules: env entries replace by name in place (new ones appended), labels merge, ports and volumes add
    /// up, and the rest is the metadata's when set, else the base's. Setting an entrypoint clears an inherited cmd
    /// unless the metadata sets a cmd too; ONBUILD triggers of the base are not inherited (they ran at FROM).
    /// </summary>
    public static ContainerConfig Overlay(ContainerConfig? baseConfig, ContainerConfig metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var below = baseConfig ?? new ContainerConfig();
        var entrypointSet = metadata.Entrypoint is not null;
        var entrypoint = entrypointSet ? metadata.Entrypoint : below.Entrypoint;
        var cmd = metadata.Cmd ?? (entrypointSet ? null : below.Cmd);
        return below with
        {
            User = metadata.User ?? below.User,
            ExposedPorts = Union(below.ExposedPorts, metadata.ExposedPorts),
            Env = MergeEnv(below.Env, metadata.Env),
            Entrypoint = entrypoint is { Count: > 0 } ? entrypoint : null,
            Cmd = cmd is { Count: > 0 } ? cmd : null,
            Volumes = Union(below.Volumes, metadata.Volumes),
            WorkingDir = metadata.WorkingDir ?? below.WorkingDir,
            Labels = MergeLabels(below.Labels, metadata.Labels),
            StopSignal = metadata.StopSignal ?? below.StopSignal,
            Healthcheck = metadata.Healthcheck ?? below.Healthcheck,
            OnBuild = metadata.OnBuild,
            Shell = metadata.Shell ?? below.Shell,
            ArgsEscaped = metadata.ArgsEscaped || below.ArgsEscaped,
        };
    }

    private static List<string>? MergeEnv(IReadOnlyList<string>? below, IReadOnlyList<string>? above)
    {
        var merged = new List<string>(below ?? []);
        foreach (var entry in above ?? [])
        {
            var name = NameOf(entry);
            var at = merged.FindIndex(e => string.Equals(NameOf(e), name, StringComparison.Ordinal));
            if (at >= 0)
            {
                merged[at] = entry;
            }
            else
            {
                merged.Add(entry);
            }
        }

        return merged.Count == 0 ? null : merged;

        static string NameOf(string entry) => entry.IndexOf('=', StringComparison.Ordinal) is var i and >= 0 ? entry[..i] : entry;
    }

    private static SortedDictionary<string, string>? MergeLabels(IReadOnlyDictionary<string, string>? below, IReadOnlyDictionary<string, string>? above)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in (below ?? new Dictionary<string, string>()).Concat(above ?? new Dictionary<string, string>()))
        {
            merged[key] = value;
        }

        return merged.Count == 0 ? null : merged;
    }

    private static List<string>? Union(IReadOnlyList<string>? below, IReadOnlyList<string>? above)
    {
        var all = (below ?? []).Concat(above ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return all.Count == 0 ? null : all;
    }
}
