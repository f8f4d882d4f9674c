using System.Diagnostics;
using System.Text;
using ContainerBuild.Engine.Cache;
using ContainerBuild.Engine.Exporting;
using ContainerBuild.Engine.Local;
using ContainerBuild.Engine.Ops;
using ContainerBuild.Engine.Snapshots;
using ContainerBuild.Engine.Sources;
using ContainerBuild.Engine.Store;
using ContainerBuild.Oci;
using ContainerBuild.Progress;
using ContainerBuild.Solver;
using ContainerBuild.Solver.Progress;

namespace ContainerBuild.Build;

/// <summary>
/// The one path every build takes (DESIGN.md, "What flows through it"): sets up the engine over the content store,
/// solves each platform's Definition with the persistent cache, streams progress to the chosen printer, makes the
/// image and sends it to each output. Errors: <see cref="SolveException"/> for a failed vertex (its op's error
/// inside), <see cref="InvalidExportAttributeException"/>, the exporters' and registry's typed exceptions.
/// </summary>
public sealed class BuildService
{
    private readonly TimeProvider clock;

    public BuildService(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    public async Task<BuildResult> BuildAsync(BuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Targets.Count == 0)
        {
            throw new ArgumentException("A build needs at least one target.", nameof(request));
        }

        var total = Stopwatch.StartNew();
        var environment = request.Environment;
        var trace = TimingTrace.From(environment);
        trace?.Mark("build started");
        var sourceDate = request.SourceDate ?? SourceDateEpoch.FromEnvironment(environment) ?? DateTimeOffset.UnixEpoch;
        var outputs = request.Outputs.Count == 0 ? [ExportOutput.StoreOnly()] : request.Outputs;
        var store = new ContentStore(request.StoreRoot ?? ContentStoreOptions.FromEnvironment(environment).Root);
        var pushRegistry = outputs.Where(o => o.Image.Push).SelectMany(o => o.Image.Names).Select(n => n.Registry).FirstOrDefault();

        using var clients = ImageSourceResolver.CreateClients(environment, pushRegistry);
        var printer = request.ProgressOutput is { } writer
            ? ProgressPrinters.Create(request.Progress, writer, environment, request.ProgressIsConsole)
            : null;
        IProgressSink sink = (printer, request.ProgressSink) switch
        {
            ({ } p, { } extra) => ProgressSinks.Tee(p, extra),
            ({ } p, null) => p,
            (null, { } extra) => extra,
            _ => ProgressSinks.None,
        };

        try
        {
            var firstImage = outputs[0].Image;
            var pulls = new PullRouter();
            var blobs = new LayerBlobSource(store, clients, pulls);
            var context = new EngineContext
            {
                Store = store,
                Images = new ImageSourceResolver(store, clients),
                Blobs = blobs,
                Snapshots = new SnapshotStore(store),
                Checksums = new ContentChecksummer(store.Root),
                LocalDirs = request.LocalDirs,
                DefaultPlatform = request.Targets[0].Platform,
                Compression = firstImage.Compression,
                CompressionLevel = firstImage.CompressionLevel,
                OciMediaTypes = firstImage.OciMediaTypes,
                SourceDate = sourceDate,
                Exec = request.Exec,
            };

            trace?.Mark("engine ready");
            var solveWatch = Stopwatch.StartNew();
            var cache = new CacheRecordStore(store, clock);
            var solveOptions = new SolveOptions { NoCache = request.NoCache, NoCacheFilter = request.NoCacheFilter, Progress = sink };
            var solved = await Task.WhenAll(request.Targets.Select(target =>
                SolveAsync(target, context with { DefaultPlatform = target.Platform }, cache, solveOptions, request.MaxParallelism, cancellationToken))).ConfigureAwait(false);
            var solveTime = solveWatch.Elapsed;
            trace?.Mark("solved");

            var exportWatch = Stopwatch.StartNew();
            var exporter = new ImageExporter(store, blobs);
            var images = new Dictionary<ImageExportOptions, ExportedImage>();
            var results = new List<OutputResult>();
            for (var i = 0; i < outputs.Count; i++)
            {
                var output = outputs[i];
                var progress = new ExportProgress(sink, clock, ExportName(output), i);
                pulls.Target = progress;
                try
                {
                    var commit = output.Image.CommitOnly();
                    if (!images.TryGetValue(commit, out var image))
                    {
                        image = await exporter.CommitAsync([.. solved.Select(s => s.Input)], commit, sourceDate, cancellationToken).ConfigureAwait(false);
                        images[commit] = image;
                    }

                    progress.Step($"writing image {image.Root.Digest}");
                    foreach (var name in output.Image.Names)
                    {
                        progress.Step($"naming to {name}");
                    }

                    var context1 = new OutputContext(clients) { Environment = environment, PushProgress = progress, StandardOutput = request.StandardOutput };
                    var exported = await ImageOutputs.ExportAsync(output, image, context1, cancellationToken).ConfigureAwait(false);
                    results.Add(new OutputResult(output, image, exported));
                    progress.Complete();
                }
                catch (Exception e)
                {
                    progress.Complete(e is OperationCanceledException ? new OperationCanceledException(VertexUpdate.CanceledError) : e);
                    throw;
                }
                finally
                {
                    pulls.Target = null;
                }
            }

            trace?.Mark("exported");
            var first = results[0];
            return new BuildResult
            {
                Root = first.Image.Root,
                Manifests = first.Image.Manifests,
                Outputs = results,
                Metadata = Metadata(first),
                Executed = solved.Sum(s => s.Solve.Executed),
                Cached = solved.Sum(s => s.Solve.Cached),
                Timings = new BuildTimings(solveTime, exportWatch.Elapsed, total.Elapsed),
                StoreRoot = store.Root,
            };
        }
        finally
        {
            printer?.Complete();
        }
    }

    private async Task<(SolveResult Solve, ImageExportInput Input)> SolveAsync(
        BuildTarget target, EngineContext context, CacheRecordStore cache, SolveOptions options, int? maxParallelism, CancellationToken cancellationToken)
    {
        var edge = LlbVertices.Load(target.Definition);
        var solver = new Solver.Solver(
            new EngineOperationResolver(context),
            cache,
            new SolverOptions { Clock = clock, MaxParallelism = maxParallelism ?? Environment.ProcessorCount });
        var solved = await solver.SolveAsync(edge, options, cancellationToken).ConfigureAwait(false);
        if (solved.Result is not FsResult filesystem)
        {
            throw new InvalidOperationException(
                $"The build's result for {target.Platform} is not a filesystem but a '{solved.Result.GetType().Name}' ({solved.Result.Id}): an image needs a state built from an image, scratch or file operations.");
        }

        var newLayers = filesystem.Layers.Count - (filesystem.BaseImage?.Layers.Count ?? 0);
        var input = new ImageExportInput(filesystem, target.Metadata, target.Platform) { LayerNames = LayerHistoryNames.For(edge, newLayers) };
        return (solved, input);
    }

    private static string ExportName(ExportOutput output) => output.Type switch
    {
        OutputType.Oci => "exporting to oci image format",
        OutputType.Docker => "exporting to docker image format",
        OutputType.Local => "copying files",
        OutputType.Tar => "sending tarball",
        _ => "exporting to image",
    };

    private static Dictionary<string, string> Metadata(OutputResult first)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [BuildMetadataKeys.ImageDigest] = first.Image.Root.Digest.ToString(),
            [BuildMetadataKeys.ImageDescriptor] = Encoding.UTF8.GetString(first.Image.Root.ToJsonBytes()),
        };
        if (first.Image.Manifests.Count == 1)
        {
            metadata[BuildMetadataKeys.ConfigDigest] = first.Image.Manifests[0].Config.Digest.ToString();
        }

        if (first.Output.Image.Names.Count > 0)
        {
            metadata[BuildMetadataKeys.ImageName] = string.Join(',', first.Output.Image.Names);
        }

        return metadata;
    }

    /// <summary>Pull progress of the shared layer source goes to the export running now (pulls during a solve are the ops' to report).</summary>
    private sealed class PullRouter : IProgress<PullProgress>
    {
        public volatile ExportProgress? Target;

        public void Report(PullProgress value) => Target?.Report(value);
    }
}
