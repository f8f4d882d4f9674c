using ContainerBuild.Engine.Sources;
using ContainerBuild.Graph;
using ContainerBuild.Graph.Pb;
using ContainerBuild.Solver;

namespace ContainerBuild.Engine.Ops;

/// <summary>
/// <c>docker-image://</c>: resolved while the cache map is made (as BuildKit does), so the key holds the manifest
/// digest; the result is the image's layers by reference. Nothing is downloaded but the manifest and config.
/// </summary>
internal sealed class ImageSourceOperation(Op op, EngineContext engine, FsResultStore results) : IOperation
{
    private ImageSourceResult? image;

    public async Task<CacheMap> CacheMapAsync(OperationContext context, CancellationToken cancellationToken)
    {
        var source = op.Source;
        var platform = LlbPlatforms.ToPlatform(op.Platform, engine.DefaultPlatform);
        var mode = SourceResolveModes.Parse(source.Attrs.LastOrDefault(a => a.Key == LlbAttrs.ImageResolveMode)?.Value);
        image = await engine.Images.ResolveAsync(source.Identifier, platform, mode, cancellationToken).ConfigureAwait(false);
        engine.Blobs.Add(image.Layers);
        return new CacheMap(OpKeys.Of(OpKeys.ImageSource, source.Identifier, platform.Normalize().ToString(), image.Manifest.Digest.ToString()))
        {
            RecordType = CacheRecordTypes.SourceImage,
        };
    }

    public async Task<IReadOnlyList<IResult>> ExecAsync(IReadOnlyList<IResult> inputs, OperationContext context, CancellationToken cancellationToken)
    {
        var resolved = image ?? throw new InvalidOperationException("The image source runs after its cache map resolved it.");
        var result = new FsResult(resolved.Layers, resolved);
        await results.SaveAsync(result, cancellationToken).ConfigureAwait(false);
        return [result];
    }
}
