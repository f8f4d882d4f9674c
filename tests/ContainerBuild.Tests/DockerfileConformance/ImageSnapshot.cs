using System.Globalization;
using ContainerBuild.Oci;

namespace ContainerBuild.Tests.DockerfileConformance;

/// <summary>
/// What two builds of one Dockerfile must agree on: the flattened root filesystem and the config fields a runtime or a
/// later build reads. Left out because they must differ or carry no meaning here: <c>created</c>, history (text and
/// timestamps), layer digests and layer count (each builder splits and compresses layers its own way), and the
/// deprecated <c>ArgsEscaped</c> (BuildKit versions set it differently; Linux runtimes ignore it).
/// </summary>
public sealed record ImageSnapshot(IReadOnlyDictionary<string, FileNode> Files, IReadOnlyList<string> Config)
{
    /// <summary>For each path, the step whose layer last wrote it (from the history), to point at the step that differs.</summary>
    public IReadOnlyDictionary<string, string> Steps { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string StepOf(string path) => Steps.TryGetValue(path, out var step) ? step : "";

    /// <summary>Reads an image given as its config and a way to open each layer by diff ID (layers are read once per diff ID).</summary>
    public static async Task<ImageSnapshot> ReadAsync(ImageConfig config, Func<int, CancellationToken, Task<Stream>> openLayer, CancellationToken cancellationToken)
    {
        var fs = new FlattenedFileSystem();
        var diffIds = config.RootFileSystem.DiffIds;
        for (var i = 0; i < diffIds.Count; i++)
        {
            var index = i;
            fs.Apply(await LayerChanges.ReadAsync(diffIds[i], token => openLayer(index, token), cancellationToken).ConfigureAwait(false));
        }

        var layerSteps = (config.History ?? []).Where(h => !h.EmptyLayer).Select(h => h.CreatedBy ?? "").ToList();
        var steps = fs.Origins.ToDictionary(
            p => p.Key,
            p => p.Value < layerSteps.Count ? $"layer {p.Value}: {Shorten(layerSteps[p.Value])}" : $"layer {p.Value}",
            StringComparer.Ordinal);
        return new ImageSnapshot(fs.Nodes, DescribeConfig(config)) { Steps = steps };
    }

    /// <summary>The compared config fields, one <c>field: value</c> line each (lists in order, maps and sets sorted).</summary>
    public static IReadOnlyList<string> DescribeConfig(ImageConfig image)
    {
        var c = image.Config ?? new ContainerConfig();
        var lines = new List<string>
        {
            $"platform: {image.OS}/{image.Architecture}{(string.IsNullOrEmpty(image.Variant) ? "" : "/" + image.Variant)}",
            $"author: {image.Author}",
            $"user: {c.User}",
            $"workdir: {c.WorkingDir}",
            $"entrypoint: {List(c.Entrypoint)}",
            $"cmd: {List(c.Cmd)}",
            $"shell: {List(c.Shell)}",
            $"stopsignal: {c.StopSignal}",
            $"onbuild: {List(c.OnBuild)}",
            $"healthcheck: {HealthCheck(c.Healthcheck)}",
        };
        lines.AddRange((c.Env ?? []).Select((e, i) => string.Create(CultureInfo.InvariantCulture, $"env[{i}]: {e}")));
        lines.AddRange((c.Labels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"label: {p.Key}={p.Value}"));
        lines.AddRange((c.ExposedPorts ?? []).Order(StringComparer.Ordinal).Select(p => $"port: {p}"));
        lines.AddRange((c.Volumes ?? []).Order(StringComparer.Ordinal).Select(v => $"volume: {v}"));
        return lines;
    }

    private static string Shorten(string step) => step.Length > 90 ? step[..87] + "..." : step;

    private static string List(IReadOnlyList<string>? items) =>
        items is null ? "(none)" : "[" + string.Join(", ", items.Select(i => "\"" + i + "\"")) + "]";

    // An unset duration and a zero one mean the same (Go omits zero durations; other writers keep them).
    private static string HealthCheck(HealthCheck? check) => check is null
        ? "(none)"
        : string.Create(CultureInfo.InvariantCulture, $"test={List(check.Test)} interval={check.Interval ?? TimeSpan.Zero} timeout={check.Timeout ?? TimeSpan.Zero} start-period={check.StartPeriod ?? TimeSpan.Zero} retries={check.Retries ?? 0}");
}
